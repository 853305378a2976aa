package app.vote.account.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows down password guessing, per account and per client address. After a few failures in a row
 * each further attempt must wait, and the wait doubles with every failure up to a ceiling; the
 * caller is refused (HTTP 429 / a message on the login page) without a password check until then,
 * so a locked key costs the server nothing. A success clears the account's record.
 *
 * <p>State is per instance and in memory: behind a load balancer an attacker spreading guesses
 * over N instances gets N times the budget, which the exponential wait still keeps tiny.
 */
@ApplicationScoped
public class LoginThrottle {

    /** What is being throttled: one username, or one client address. */
    public record Key(String kind, String value) {

        public static Key account(String username) {
            return new Key("account", username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
        }

        public static Key address(String address) {
            return new Key("address", address == null ? "" : address);
        }
    }

    private record Failures(int count, Instant lastFailure, Instant lockedUntil) {
    }

    private static final int MAX_TRACKED_KEYS = 100_000;
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final Map<Key, Failures> failures = new ConcurrentHashMap<>();

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "vote.login.account-free-failures", defaultValue = "5")
    int accountFreeFailures;

    @Inject
    @ConfigProperty(name = "vote.login.address-free-failures", defaultValue = "20")
    int addressFreeFailures;

    @Inject
    @ConfigProperty(name = "vote.login.max-lockout-seconds", defaultValue = "900")
    long maxLockoutSeconds;

    /** A wait in whole seconds, rounded up, as Retry-After and the sign-in page state it (never 0). */
    public static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** How long the caller must still wait before a password is checked for any of these keys. */
    public Optional<Duration> retryAfter(Key... keys) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (Key key : keys) {
            Failures record = failures.get(key);
            if (record != null && record.lockedUntil().isAfter(now)) {
                Duration wait = Duration.between(now, record.lockedUntil());
                if (wait.compareTo(longest) > 0) {
                    longest = wait;
                }
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    public void recordFailure(Key... keys) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED_KEYS) {
            failures.values().removeIf(f -> f.lastFailure().plus(FORGET_AFTER).isBefore(now));
        }
        for (Key key : keys) {
            int free = key.kind().equals("account") ? accountFreeFailures : addressFreeFailures;
            failures.compute(key, (k, previous) -> {
                int count = previous == null || previous.lastFailure().plus(FORGET_AFTER).isBefore(now)
                        ? 1 : previous.count() + 1;
                return new Failures(count, now, now.plus(lockout(count, free)));
            });
        }
    }

    public void recordSuccess(Key account) {
        failures.remove(account);
    }

    /** No wait for the first {@code free} failures, then 1 s, 2 s, 4 s … up to the ceiling. */
    private Duration lockout(int count, int free) {
        if (count <= free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - free - 1, 30);
        return Duration.ofSeconds(Math.min(1L << doublings, maxLockoutSeconds));
    }
}
