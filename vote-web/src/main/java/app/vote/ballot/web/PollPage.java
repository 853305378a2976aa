package app.vote.ballot.web;

import app.vote.account.web.CurrentUser;
import app.vote.ballot.boundary.VoteView;
import app.vote.ballot.boundary.VotingService;
import app.vote.platform.api.ApiApplication;
import app.vote.poll.api.PollsResource;
import app.vote.poll.boundary.OptionResult;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.boundary.PollReads;
import app.vote.poll.boundary.PollView;
import app.vote.poll.boundary.ResultsView;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;

/**
 * The poll page: the question, the results (kept current by live.js from the API's results
 * stream), and for a signed-in voter their choice and the forms of {@link VoteForm}.
 *
 * <p>Request-scoped: for a visitor who is not signed in the page keeps nothing on the server (the
 * layout makes the view transient for them, and nothing here touches the session), so requests
 * without cookies, a crawler's or an attacker's, cannot fill the heap with sessions
 * (PERFORMANCE.md section 24).
 */
@Named
@RequestScoped
public class PollPage {

    @Inject
    PollReads reads;

    @EJB
    VotingService voting;

    @Inject
    CurrentUser currentUser;

    @Inject
    FacesContext faces;

    @Inject
    ExternalContext external;

    @Inject
    VoteForm form;

    private Long id;
    private PollView poll;
    private ResultsView results;
    private VoteView myVote;
    private boolean formShown;

    /**
     * A POST of the vote form is processed against the poll the form was rendered for, which the
     * view-scoped form remembers; the {@code id} parameter of the POST does not choose the poll.
     * Only a signed-in voter's view has a form, so only then is the view scope (the session) asked.
     */
    @PostConstruct
    void restoreOnPostback() {
        if (faces.isPostback() && currentUser.isSignedIn() && form.isPrepared()) {
            id = form.pollId();
            formShown = true;
            try {
                read();
            } catch (PollNotFoundException deleted) {
                poll = null;
            }
        }
    }

    /** View action: loads the poll, or answers 404 for an unknown or malformed id. */
    public void load() throws IOException {
        if (id == null) {
            external.responseSendError(404, null);
            return;
        }
        try {
            read();
        } catch (PollNotFoundException e) {
            external.responseSendError(404, null);
            return;
        }
        formShown = poll.open() && currentUser.isSignedIn();
        if (formShown) {
            form.prepare(poll, myVote);
        }
    }

    /** The poll, its results and the voter's vote: the poll read first, so the vote needs one query. */
    private void read() {
        poll = reads.poll(id);
        results = reads.results(id);
        myVote = currentUser.username().flatMap(name -> voting.findOnKnownPoll(id, name)).orElse(null);
    }

    public String getMyChoice() {
        return myVote == null ? null : optionText(myVote.optionId());
    }

    private String optionText(long optionId) {
        return results.options().stream()
                .filter(o -> o.id() == optionId)
                .map(OptionResult::text)
                .findFirst()
                .orElse("");
    }

    /** Whether the page has the vote form: the poll was open for a signed-in visitor when it was rendered. */
    public boolean isCanVote() {
        return formShown && poll != null;
    }

    /** Whether the page has the withdraw form: the vote form offered a change. */
    public boolean isCanWithdraw() {
        return isCanVote() && form.isChanging();
    }

    /** Where live.js subscribes to this poll's results: the API's server-sent events, at the path the resource declares. */
    public String getResultsStream() {
        return UriBuilder.fromPath(external.getRequestContextPath() + "/" + ApiApplication.PATH)
                .path(PollsResource.class).path(PollsResource.class, "stream").build(id).toString();
    }

    public Long getId() {
        return id;
    }

    /** The raw {@code id} query parameter: anything that is not a number is simply no poll. */
    public String getIdParam() {
        return id == null ? null : id.toString();
    }

    public void setIdParam(String value) {
        if (formShown) {
            return;
        }
        try {
            id = value == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            id = null;
        }
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
