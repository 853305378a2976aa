package app.vote.ballot.web;

import app.vote.ballot.boundary.VoteCountChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;

/**
 * Tells every open page of a poll that its counts changed, once the vote that changed them is
 * committed, whoever cast it (these pages or the JSON API: {@code VotingService} fires the event).
 * Each poll page opens the {@value #CHANNEL} web socket with the poll's id as its "user", so a vote
 * reaches the pages of that poll only; the page then re-renders its results with one Ajax request.
 */
@ApplicationScoped
public class LiveResults {

    public static final String CHANNEL = "pollResults";
    /** The message, and the name of the {@code <f:ajax event>} it triggers on the page. */
    public static final String UPDATED = "updated";

    @Inject
    @Push(channel = CHANNEL)
    PushContext pages;

    void voteCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) VoteCountChanged change) {
        pages.send(UPDATED, change.pollId());
    }
}
