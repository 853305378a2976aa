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
import jakarta.enterprise.context.Initialized;
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
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Live results over server-sent events. Every committed change of a poll's results schedules one
 * push a quarter of a second later; changes arriving meanwhile ride along with it, so a busy poll
 * costs at most four result queries and pushes per second whatever the vote rate.
 *
 * <p>Every open poll page subscribes (live.js), and a stream costs the server about 34 KB of heap
 * while it is open (Grizzly's request and response with their buffers; PERFORMANCE.md section 26).
 * So:
 * <ul>
 * <li>A server learns that a subscriber has gone only by writing to it, and Payara reports the
 * failure only a few writes later (measured: four heartbeats). A quiet stream therefore gets a
 * comment line every {@code vote.live.heartbeat-seconds} (10 by default), which also keeps it
 * alive through the load balancer's 60-second idle timeout. A tab closed is forgotten within about
 * 40 seconds.
 * <li>At most {@code vote.live.max-streams} streams (2,000 by default, about 70 MB) are open at a
 * time; one more is refused with 503 and Retry-After ({@link LiveStreamsFullException}). Without
 * the limit, a client opening streams in a loop ran the heap out of memory; the page still shows
 * the results it was rendered with, and the API's results are always there.
 * <li>A stream is closed after {@code vote.live.max-stream-seconds} (10 minutes by default), and
 * the browser's {@code EventSource} opens a new one by itself. A subscriber that vanished without
 * its connection failing (a NAT that drops packets silently) would otherwise hold its place until
 * TCP gives up, about a quarter of an hour; and after a scale-out the streams spread over the new
 * instances instead of staying where they were opened.
 * </ul>
 * The number open is the gauge {@code vote_live_streams} at {@code /metrics}.
 */
@ApplicationScoped
public class ResultsStream {

    static final long COALESCE_MILLIS = 250;

    @Inject
    PollReads polls;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "vote.live.heartbeat-seconds", defaultValue = "10")
    long heartbeatSeconds;

    @Inject
    @ConfigProperty(name = "vote.live.max-streams", defaultValue = "2000")
    int maxStreams;

    @Inject
    @ConfigProperty(name = "vote.live.max-stream-seconds", defaultValue = "600")
    long maxStreamSeconds;

    @Inject
    MetricRegistry metrics;

    private final Map<Long, SseBroadcaster> broadcasters = new ConcurrentHashMap<>();
    /** Every stream open on this server, whatever its poll, with when it was opened (nanoTime): what the limit counts. */
    private final Map<SseEventSink, Long> open = new ConcurrentHashMap<>();
    private Coalescer<Long> pushes;
    private volatile Sse sse;
    private ScheduledFuture<?> heartbeat;

    @PostConstruct
    void start() {
        pushes = new Coalescer<>(scheduler, COALESCE_MILLIS);
        heartbeat = scheduler.scheduleAtFixedRate(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
        metrics.gauge(Metadata.builder().withName("vote.live.streams")
                .withDescription("Live results streams open on this server").build(), open, Map::size);
    }

    /** Created with the application, so that the gauge is there before the first subscriber. */
    void created(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Nothing else: observing the event is what creates this bean.
    }

    /**
     * Sends the current results to a new subscriber at once, then every change.
     *
     * @throws LiveStreamsFullException when {@code vote.live.max-streams} streams are open already
     */
    void subscribe(long pollId, SseEventSink sink, Sse sse) {
        if (open.size() >= maxStreams) {
            throw new LiveStreamsFullException(maxStreams, heartbeatSeconds);
        }
        this.sse = sse;
        OutboundSseEvent current = event(pollId);
        open.put(sink, System.nanoTime());
        broadcasters.computeIfAbsent(pollId, id -> newBroadcaster(sse)).register(sink);
        sink.send(current);
    }

    /** A broadcaster that forgets the sinks Jersey drops, so that their places free up at once. */
    private SseBroadcaster newBroadcaster(Sse sse) {
        SseBroadcaster broadcaster = sse.newBroadcaster();
        broadcaster.onClose(sink -> open.remove(sink));
        broadcaster.onError((sink, failure) -> open.remove(sink));
        return broadcaster;
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

    /**
     * Closes the streams that have reached their age, then sends a comment line to every other
     * subscriber. Writes to one that has gone start failing a few beats later; Jersey then closes
     * its sink and drops it.
     */
    private void beat() {
        long now = System.nanoTime();
        long maxAgeNanos = TimeUnit.SECONDS.toNanos(maxStreamSeconds);
        open.entrySet().removeIf(stream -> {
            if (!stream.getKey().isClosed() && now - stream.getValue() < maxAgeNanos) {
                return false;
            }
            stream.getKey().close();
            return true;
        });
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
        open.clear();
    }
}
