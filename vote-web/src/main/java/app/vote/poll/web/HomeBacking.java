package app.vote.poll.web;

import app.vote.poll.boundary.PageView;
import app.vote.poll.boundary.PollFilter;
import app.vote.poll.boundary.PollService;
import app.vote.poll.boundary.PollView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** The home page: the open polls, newest first, with their vote counts. */
@Named
@RequestScoped
public class HomeBacking {

    static final int PAGE_SIZE = 20;

    @EJB
    PollService polls;

    private int page;
    private PageView<PollView> openPolls;

    /** Runs as the page's view action, after the page parameter is set. */
    public void load() {
        openPolls = polls.list(PollFilter.OPEN, page, PAGE_SIZE);
    }

    public PageView<PollView> getOpenPolls() {
        return openPolls;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = Math.max(page, 0);
    }
}
