package app.vote.poll.web;

import app.vote.account.web.CurrentUser;
import app.vote.ballot.boundary.VotingService;
import app.vote.poll.boundary.PageView;
import app.vote.poll.boundary.PollFilter;
import app.vote.poll.boundary.PollReads;
import app.vote.poll.boundary.PollView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Set;

/**
 * The home page: open polls (or, with {@code ?status=closed}, closed ones), newest first, twenty a
 * page, with their vote counts, closing times and whether the signed-in voter already voted.
 */
@Named
@RequestScoped
public class HomeBacking {

    static final int PAGE_SIZE = 20;

    @Inject
    PollReads polls;

    @EJB
    VotingService voting;

    @Inject
    CurrentUser currentUser;

    private int page;
    private boolean closed;
    private PageView<PollView> list;
    private Set<Long> votedOn = Set.of();

    /** Runs as the page's view action, after the page parameters are set. */
    public void load() {
        list = polls.list(closed ? PollFilter.CLOSED : PollFilter.OPEN, page, PAGE_SIZE);
        votedOn = currentUser.username()
                .map(name -> voting.pollsVotedOn(name, list.items().stream().map(PollView::id).toList()))
                .orElse(Set.of());
    }

    public PageView<PollView> getPolls() {
        return list;
    }

    public boolean hasVoted(long pollId) {
        return votedOn.contains(pollId);
    }


    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = Math.max(page, 0);
    }

    /** {@code open} (the default) or {@code closed}; anything else reads as open. */
    public String getStatus() {
        return closed ? "closed" : "open";
    }

    public void setStatus(String status) {
        this.closed = "closed".equals(status);
    }

    public boolean isClosed() {
        return closed;
    }
}
