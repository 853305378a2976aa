package app.vote.ballot.web;

import app.vote.ballot.boundary.VoteCountChanged;
import app.vote.platform.concurrent.Coalescer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.faces.event.WebsocketEvent;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;

/**
 * Tells every open page of a poll that its counts changed, once the vote that changed them is
 * committed, whoever cast it (these pages or the JSON API: {@code VotingService} fires the event).
 * Each poll page opens the {@value #CHANNEL} web socket with the poll's id as its "user", so a vote
 * reaches the pages of that poll only; the page then re-renders its results with one Ajax request.
 *
 * <p>Changes are coalesced like the API's results stream: one push a quarter of a second after the
 * first change, carrying all changes made meanwhile. A push costs the sender a JSON encoding that
 * looks its provider up through the class loader (Faces' {@code Json.encode}), and every open page
 * an Ajax request; sent for every vote, it was the most contended lock of the vote storm
 * (PERFORMANCE.md) and would have had each watching browser re-render per vote. Polls that no
 * page on this server watches get no push at all (PERFORMANCE.md section 16).
 */
@ApplicationScoped
public class LiveResults {

    public static final String CHANNEL = "pollResults";
    /** The message, and the name of the {@code <f:ajax event>} it triggers on the page. */
    public static final String UPDATED = "updated";

    static final long COALESCE_MILLIS = 250;

    @Inject
    @Push(channel = CHANNEL)
    PushContext pages;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final PollWatchers watchers = new PollWatchers();

    private Coalescer<Long> pushes;

    @PostConstruct
    void start() {
        pushes = new Coalescer<>(scheduler, COALESCE_MILLIS);
    }

    void voteCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) VoteCountChanged change) {
        if (watchers.watched(change.pollId())) {
            pushes.request(change.pollId(), pollId -> pages.send(UPDATED, pollId));
        }
    }

    void pageOpened(@Observes @WebsocketEvent.Opened WebsocketEvent socket) {
        if (CHANNEL.equals(socket.getChannel())) {
            watchers.opened(socket.getUser());
        }
    }

    void pageClosed(@Observes @WebsocketEvent.Closed WebsocketEvent socket) {
        if (CHANNEL.equals(socket.getChannel())) {
            watchers.closed(socket.getUser());
        }
    }
}
