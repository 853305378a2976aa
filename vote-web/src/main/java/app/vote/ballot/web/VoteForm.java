package app.vote.ballot.web;

import app.vote.account.web.CurrentUser;
import app.vote.account.web.SignInPage;
import app.vote.ballot.boundary.AlreadyVotedException;
import app.vote.ballot.boundary.BallotBox;
import app.vote.ballot.boundary.NoVoteException;
import app.vote.ballot.boundary.OptionNotInPollException;
import app.vote.ballot.boundary.PollClosedException;
import app.vote.ballot.boundary.VoteView;
import app.vote.ballot.boundary.VotingService;
import app.vote.platform.web.FacesMessages;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.boundary.PollView;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The poll page's vote and withdraw forms, which only a signed-in voter gets.
 *
 * <p>View-scoped so a POST is checked against the poll and options its form was rendered with, and
 * so it remembers whether the form offered a first vote or a change: a first vote sent from a stale
 * second tab after a vote from the first is refused by the service ({@link AlreadyVotedException})
 * and said so. A view-scoped bean lives in the session, so {@link PollPage} prepares this one only
 * for a signed-in voter: a visitor who is not signed in never causes one. Every POST redirects to
 * a fresh GET, which loads the current state again.
 */
@Named
@ViewScoped
public class VoteForm implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One option as the form offered it. */
    public record Choice(long id, String text) implements Serializable {
    }

    @EJB
    VotingService voting;

    @Inject
    BallotBox ballots;

    @Inject
    CurrentUser currentUser;

    @Inject
    ExternalContext external;

    @Inject
    FacesMessages messages;

    private Long pollId;
    private List<Choice> choices = List.of();
    private boolean changing;
    private Long selectedOption;

    /** Called while the page renders the form: the poll, its options and the voter's current vote. */
    void prepare(PollView poll, VoteView myVote) {
        pollId = poll.id();
        choices = poll.options().stream().map(o -> new Choice(o.id(), o.text())).toList();
        changing = myVote != null;
        selectedOption = changing ? myVote.optionId() : null;
    }

    /** Whether this view rendered the form, i.e. whether a POST of it is to be processed. */
    boolean isPrepared() {
        return pollId != null;
    }

    Long pollId() {
        return pollId;
    }

    /** Casts a first vote, or changes the vote when the form was rendered with one. */
    public String vote() throws IOException {
        Optional<String> caller = currentUser.username();
        if (caller.isEmpty()) {
            external.redirect(SignInPage.continuingTo(external.getRequestContextPath(), "/poll.xhtml?id=" + pollId));
            return null;
        }
        if (selectedOption == null) {
            messages.error("vote:option", "poll.chooseOption");
            return null;
        }
        try {
            if (changing) {
                voting.change(pollId, selectedOption, caller.get());
                messages.flash(FacesMessage.SEVERITY_INFO, "poll.changed", choiceText(selectedOption));
            } else {
                ballots.cast(pollId, selectedOption, caller.get());
                messages.flash(FacesMessage.SEVERITY_INFO, "poll.voted", choiceText(selectedOption));
            }
        } catch (AlreadyVotedException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.alreadyVoted");
        } catch (NoVoteException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.noVote");
        } catch (PollClosedException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.closed");
        } catch (OptionNotInPollException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.unknownOption");
        } catch (PollNotFoundException e) {
            external.responseSendError(404, null);
            return null;
        }
        return reload();
    }

    /** Withdraws the caller's vote on the poll the form was rendered for. */
    public String withdraw() throws IOException {
        Optional<String> caller = currentUser.username();
        if (caller.isEmpty()) {
            return reload();
        }
        try {
            voting.retract(pollId, caller.get());
            messages.flash(FacesMessage.SEVERITY_INFO, "poll.withdrawn");
        } catch (NoVoteException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.noVote");
        } catch (PollClosedException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.closed");
        } catch (PollNotFoundException e) {
            external.responseSendError(404, null);
            return null;
        }
        return reload();
    }

    private String reload() {
        return "/poll?faces-redirect=true&id=" + pollId;
    }

    private String choiceText(long optionId) {
        return choices.stream().filter(c -> c.id() == optionId).map(Choice::text).findFirst().orElse("");
    }

    public List<Choice> getChoices() {
        return choices;
    }

    /** Whether the form offers a change (the voter had voted when it was rendered) rather than a first vote. */
    public boolean isChanging() {
        return changing;
    }

    public Long getSelectedOption() {
        return selectedOption;
    }

    public void setSelectedOption(Long selectedOption) {
        this.selectedOption = selectedOption;
    }
}
