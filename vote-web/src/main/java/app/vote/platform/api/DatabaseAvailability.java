package app.vote.platform.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the API has recently learnt about the database: reachable, or down since a request failed
 * to reach it. While it is down, one request a second is let through to find out whether it is
 * back ({@link DatabaseOutageFilter} answers the others at once).
 */
@ApplicationScoped
public class DatabaseAvailability {

    static final long PROBE_INTERVAL_MILLIS = 1_000;
    private static final long UP = -1;

    private final AtomicLong nextProbeAt = new AtomicLong(UP);
    private final Clock clock;

    @Inject
    public DatabaseAvailability(Clock clock) {
        this.clock = clock;
    }

    /** For CDI's client proxy only. */
    protected DatabaseAvailability() {
        this.clock = null;
    }

    /** A request failed because the database could not be reached. */
    public void markDown() {
        nextProbeAt.compareAndSet(UP, clock.instant().toEpochMilli() + PROBE_INTERVAL_MILLIS);
    }

    /** A request got an answer that was not a database failure. */
    public void markUp() {
        if (nextProbeAt.get() != UP) {
            nextProbeAt.set(UP);
        }
    }

    /** True when the database is up, or when the caller is the one request allowed to probe it now. */
    public boolean mayTry() {
        long probeAt = nextProbeAt.get();
        if (probeAt == UP) {
            return true;
        }
        long now = clock.instant().toEpochMilli();
        return now >= probeAt && nextProbeAt.compareAndSet(probeAt, now + PROBE_INTERVAL_MILLIS);
    }
}
