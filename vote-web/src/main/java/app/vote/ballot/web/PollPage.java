package app.vote.ballot.web;

import app.vote.account.web.CurrentUser;
import app.vote.ballot.boundary.AlreadyVotedException;
import app.vote.ballot.boundary.NoVoteException;
import app.vote.ballot.boundary.OptionNotInPollException;
import app.vote.ballot.boundary.PollClosedException;
import app.vote.ballot.boundary.VoteView;
import app.vote.ballot.boundary.VotingService;
import app.vote.platform.web.FacesMessages;
import app.vote.poll.boundary.OptionResult;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.boundary.PollReads;
import app.vote.poll.boundary.PollView;
import app.vote.poll.boundary.ResultsView;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The poll page: the question, the vote form for a signed-in voter, their choice once they voted
 * (with a form to change or withdraw it while the poll is open), and the live results.
 *
 * <p>View-scoped so the form's POST is checked against the options it was rendered with and so
 * it remembers whether the form was a first vote or a change: a first vote sent from a stale
 * second tab after a vote from the first is refused by the service ({@link AlreadyVotedException})
 * and said so. Every POST redirects to a fresh GET, which loads the current state again.
 */
@Named
@ViewScoped
public class PollPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    PollReads reads;

    @EJB
    VotingService voting;

    @Inject
    CurrentUser currentUser;

    @Inject
    ExternalContext external;

    @Inject
    FacesMessages messages;

    private Long id;
    private Long selectedOption;
    private PollView poll;
    private ResultsView results;
    private VoteView myVote;

    /** View action: loads the poll, or answers 404 for an unknown or malformed id. */
    public void load() throws IOException {
        if (id == null) {
            external.responseSendError(404, null);
            return;
        }
        try {
            poll = reads.poll(id);
            results = reads.results(id);
            myVote = currentUser.username().flatMap(name -> voting.find(id, name)).orElse(null);
            selectedOption = myVote == null ? null : myVote.optionId();
        } catch (PollNotFoundException e) {
            external.responseSendError(404, null);
        }
    }

    /** The live update: someone voted; read the counts again (the Ajax request then renders them). */
    public void refresh() {
        try {
            results = reads.results(id);
        } catch (PollNotFoundException e) {
            // Deleted meanwhile: keep showing the last counts; a reload shows the 404 page.
        }
    }

    /**
     * Casts a first vote, or changes the vote when the page was rendered with one. Always on the poll
     * the form was rendered for: the {@code id} parameter is decoded again on a postback, so a POST
     * carrying another (or a malformed) {@code id} must not choose the poll.
     */
    public String vote() throws IOException {
        Optional<String> caller = currentUser.username();
        long pollId = poll.id();
        if (caller.isEmpty()) {
            external.redirect(external.getRequestContextPath() + "/login.xhtml?continue="
                    + URLEncoder.encode("/poll.xhtml?id=" + pollId, StandardCharsets.UTF_8));
            return null;
        }
        if (selectedOption == null) {
            messages.error("vote:option", "poll.chooseOption");
            return null;
        }
        try {
            if (myVote == null) {
                voting.cast(pollId, selectedOption, caller.get());
                messages.flash(FacesMessage.SEVERITY_INFO, "poll.voted", optionText(selectedOption));
            } else {
                voting.change(pollId, selectedOption, caller.get());
                messages.flash(FacesMessage.SEVERITY_INFO, "poll.changed", optionText(selectedOption));
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

    /** Withdraws the caller's vote on the poll the form was rendered for (see {@link #vote()}). */
    public String withdraw() throws IOException {
        Optional<String> caller = currentUser.username();
        long pollId = poll.id();
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
        return "/poll?faces-redirect=true&id=" + poll.id();
    }

    private String optionText(long optionId) {
        return results.options().stream()
                .filter(o -> o.id() == optionId)
                .map(OptionResult::text)
                .findFirst()
                .orElse("");
    }

    public String getMyChoice() {
        return myVote == null ? null : optionText(myVote.optionId());
    }

    /** Whether the page offers the vote form: the poll is open and the visitor signed in. */
    public boolean isCanVote() {
        return poll != null && poll.open() && currentUser.isSignedIn();
    }

    public Long getId() {
        return id;
    }

    /** The raw {@code id} query parameter: anything that is not a number is simply no poll. */
    public String getIdParam() {
        return id == null ? null : id.toString();
    }

    public void setIdParam(String value) {
        try {
            id = value == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            id = null;
        }
    }

    public Long getSelectedOption() {
        return selectedOption;
    }

    public void setSelectedOption(Long selectedOption) {
        this.selectedOption = selectedOption;
    }

    public PollView getPoll() {
        return poll;
    }

    public ResultsView getResults() {
        return results;
    }

    public VoteView getMyVote() {
        return myVote;
    }
}
