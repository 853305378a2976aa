package app.vote.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DatabaseAvailabilityTest {

    private Instant now = Instant.parse("2026-11-28T10:00:00Z");
    private final Clock settableClock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    /**
     * Ticking in microseconds like the application's clock (ClockProducer): on JDK 17 such a
     * clock's millis() divides by zero, which this class once called during an outage.
     */
    private final DatabaseAvailability database =
            new DatabaseAvailability(Clock.tick(settableClock, Duration.ofNanos(1_000)));

    @Test
    void everyRequestMayTryWhileTheDatabaseIsUp() {
        assertThat(database.mayTry()).isTrue();
        assertThat(database.mayTry()).isTrue();
    }

    @Test
    void afterAFailureRequestsAreTurnedAwayUntilOneProbesASecondLater() {
        database.markDown();
        assertThat(database.mayTry()).isFalse();

        now = now.plus(Duration.ofMillis(DatabaseAvailability.PROBE_INTERVAL_MILLIS));
        assertThat(database.mayTry()).as("the probe").isTrue();
        assertThat(database.mayTry()).as("others while the probe is out").isFalse();
    }

    @Test
    void anAnswerThatIsNotADatabaseFailureEndsTheOutage() {
        database.markDown();
        database.markUp();
        assertThat(database.mayTry()).isTrue();
    }

    @Test
    void repeatedFailuresDoNotPostponeTheNextProbe() {
        database.markDown();
        now = now.plusMillis(600);
        database.markDown();
        now = now.plusMillis(400);
        assertThat(database.mayTry()).isTrue();
    }
}
