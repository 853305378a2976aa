package app.vote.platform.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;

/**
 * One clock for every rule that depends on "now" (poll closing times, cast times): UTC, ticking in
 * microseconds because that is what both databases store, so a time handed back to a caller is
 * exactly the time that was saved.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock systemClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
