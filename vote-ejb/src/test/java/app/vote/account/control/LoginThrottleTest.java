package app.vote.account.control;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.account.control.LoginThrottle.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private LoginThrottle throttle;

    @BeforeEach
    void throttle() {
        throttle = new LoginThrottle();
        throttle.clock = clock;
        throttle.accountFreeFailures = 5;
        throttle.addressFreeFailures = 20;
        throttle.maxLockoutSeconds = 900;
    }

    @Test
    void theFirstFewFailuresCostNothing() {
        Key ann = Key.account("ann");
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure(ann);
        }

        assertThat(throttle.retryAfter(ann)).isEmpty();
    }

    @Test
    void furtherFailuresMustWaitLongerEachTime() {
        Key ann = Key.account("Ann ");
        for (int i = 0; i < 6; i++) {
            throttle.recordFailure(ann);
        }
        assertThat(throttle.retryAfter(Key.account("ann"))).contains(Duration.ofSeconds(1));

        throttle.recordFailure(ann);
        throttle.recordFailure(ann);

        assertThat(throttle.retryAfter(ann)).contains(Duration.ofSeconds(4));
        clock.advance(Duration.ofSeconds(4));
        assertThat(throttle.retryAfter(ann)).isEmpty();
    }

    @Test
    void theWaitHasACeiling() {
        Key ann = Key.account("ann");
        for (int i = 0; i < 100; i++) {
            throttle.recordFailure(ann);
        }

        assertThat(throttle.retryAfter(ann)).contains(Duration.ofSeconds(900));
    }

    @Test
    void aSuccessClearsTheAccountButNotTheAddress() {
        Key ann = Key.account("ann");
        Key address = Key.address("192.0.2.1");
        for (int i = 0; i < 25; i++) {
            throttle.recordFailure(ann, address);
        }

        throttle.recordSuccess(ann);

        assertThat(throttle.retryAfter(ann)).isEmpty();
        assertThat(throttle.retryAfter(ann, address)).isPresent();
    }

    @Test
    void oneAddressGuessingManyAccountsIsStoppedToo() {
        Key address = Key.address("192.0.2.7");
        for (int i = 0; i < 21; i++) {
            throttle.recordFailure(Key.account("user" + i), address);
        }

        assertThat(throttle.retryAfter(Key.account("someone-new"), address)).contains(Duration.ofSeconds(1));
    }

    @Test
    void failuresAreForgottenAfterAnHourOfQuiet() {
        Key ann = Key.account("ann");
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure(ann);
        }
        clock.advance(Duration.ofMinutes(61));

        throttle.recordFailure(ann);

        assertThat(throttle.retryAfter(ann)).isEmpty();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
