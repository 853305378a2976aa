package app.vote.poll.api;

import app.vote.ballot.boundary.VoteCountChanged;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.boundary.PollReads;
import app.vote.platform.concurrent.Coalescer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Live results over server-sent events. Every committed change of a poll's results schedules one
 * push a quarter of a second later; changes arriving meanwhile ride along with it, so a busy poll
 * costs at most four result queries and pushes per second whatever the vote rate.
 *
 * <p>Every open poll page subscribes (live.js), so a quiet stream also gets a comment line every
 * {@code vote.live.heartbeat-seconds} (30 by default). A server learns that a subscriber has gone
 * only when it writes to it: without the heartbeat, the subscribers of a poll that nobody votes on
 * any more (a closed one, say) would be kept forever, one per page view. It also keeps the stream
 * alive through the load balancer, which cuts a connection idle for 60 seconds.
 */
@ApplicationScoped
public class ResultsStream {

    static final long COALESCE_MILLIS = 250;

    @Inject
    PollReads polls;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "vote.live.heartbeat-seconds", defaultValue = "30")
    long heartbeatSeconds;

    private final Map<Long, SseBroadcaster> broadcasters = new ConcurrentHashMap<>();
    private Coalescer<Long> pushes;
    private volatile Sse sse;
    private ScheduledFuture<?> heartbeat;

    @PostConstruct
    void start() {
        pushes = new Coalescer<>(scheduler, COALESCE_MILLIS);
        heartbeat = scheduler.scheduleAtFixedRate(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    /** Sends the current results to a new subscriber at once, then every change. */
    void subscribe(long pollId, SseEventSink sink, Sse sse) {
        this.sse = sse;
        OutboundSseEvent current = event(pollId);
        broadcasters.computeIfAbsent(pollId, id -> sse.newBroadcaster()).register(sink);
        sink.send(current);
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) VoteCountChanged change) {
        long pollId = change.pollId();
        if (broadcasters.containsKey(pollId)) {
            pushes.request(pollId, this::push);
        }
    }

    private void push(long pollId) {
        SseBroadcaster broadcaster = broadcasters.get(pollId);
        if (broadcaster == null) {
            return;
        }
        try {
            broadcaster.broadcast(event(pollId));
        } catch (PollNotFoundException deleted) {
            broadcasters.remove(pollId).close();
        }
    }

    /** A comment line to every subscriber; a write to one that has gone fails, and Jersey drops it. */
    private void beat() {
        Sse current = sse;
        if (current == null || broadcasters.isEmpty()) {
            return;
        }
        OutboundSseEvent comment = current.newEventBuilder().comment("").build();
        broadcasters.values().forEach(broadcaster -> broadcaster.broadcast(comment));
    }

    private OutboundSseEvent event(long pollId) {
        ResultsJson results = ResultsJson.of(polls.results(pollId));
        return sse.newEventBuilder()
                .name("results")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(ResultsJson.class, results)
                .build();
    }

    @PreDestroy
    void closeAll() {
        heartbeat.cancel(false);
        broadcasters.values().forEach(SseBroadcaster::close);
    }
}
