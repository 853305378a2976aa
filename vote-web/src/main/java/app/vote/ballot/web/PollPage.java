package app.vote.ballot.web;

import app.vote.ballot.boundary.AlreadyVotedException;
import app.vote.ballot.boundary.OptionNotInPollException;
import app.vote.ballot.boundary.PollClosedException;
import app.vote.ballot.boundary.VoteView;
import app.vote.ballot.boundary.VotingService;
import app.vote.platform.web.FacesMessages;
import app.vote.poll.boundary.OptionResult;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.boundary.PollService;
import app.vote.poll.boundary.ResultsView;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.IOException;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;

/**
 * The poll page: the question, the vote form for a signed-in voter who has not voted yet, and the
 * results. View-scoped so the options the form was rendered with are the ones its POST is checked
 * against; every vote redirects to a fresh GET, which loads the current state again.
 */
@Named
@ViewScoped
public class PollPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    PollService polls;

    @EJB
    VotingService voting;

    @Inject
    SecurityContext securityContext;

    @Inject
    ExternalContext external;

    @Inject
    FacesMessages messages;

    private Long id;
    private Long selectedOption;
    private ResultsView results;
    private VoteView myVote;

    /** View action: loads the poll, or answers 404 for an unknown or malformed id. */
    public void load() throws IOException {
        if (id == null) {
            external.responseSendError(404, null);
            return;
        }
        try {
            results = polls.results(id);
            myVote = caller().flatMap(name -> voting.find(id, name)).orElse(null);
        } catch (PollNotFoundException e) {
            external.responseSendError(404, null);
        }
    }

    public String vote() throws IOException {
        Optional<String> caller = caller();
        if (caller.isEmpty()) {
            external.redirect(external.getRequestContextPath() + "/login.xhtml?continue="
                    + URLEncoder.encode("/poll.xhtml?id=" + id, StandardCharsets.UTF_8));
            return null;
        }
        if (selectedOption == null) {
            messages.error("vote:option", "poll.chooseOption");
            return null;
        }
        try {
            voting.cast(id, selectedOption, caller.get());
            messages.flash(FacesMessage.SEVERITY_INFO, "poll.voted", optionText(selectedOption));
        } catch (AlreadyVotedException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.alreadyVoted");
        } catch (PollClosedException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.closed");
        } catch (OptionNotInPollException e) {
            messages.flash(FacesMessage.SEVERITY_ERROR, "poll.unknownOption");
        } catch (PollNotFoundException e) {
            external.responseSendError(404, null);
            return null;
        }
        return "/poll?faces-redirect=true&id=" + id;
    }

    private String optionText(long optionId) {
        return results.options().stream()
                .filter(o -> o.id() == optionId)
                .map(OptionResult::text)
                .findFirst()
                .orElse("");
    }

    private Optional<String> caller() {
        return Optional.ofNullable(securityContext.getCallerPrincipal()).map(Principal::getName);
    }

    public String getMyChoice() {
        return myVote == null ? null
                : results.options().stream().filter(o -> o.id() == myVote.optionId())
                        .map(OptionResult::text).findFirst().orElse(null);
    }

    public boolean isCanVote() {
        return results != null && results.open() && myVote == null;
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
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

    public ResultsView getResults() {
        return results;
    }

    public VoteView getMyVote() {
        return myVote;
    }
}
