package app.vote.account.security;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our own bearer tokens that passed verification, with their callers, until they expire. A client
 * sends the same token with every request of its hour, and checking its RS256 signature and claims
 * again was 9 % of the server's CPU for a vote (PERFORMANCE.md section 33). The whole token is the
 * key, signature included, so only a byte-for-byte copy of a token that verified is ever answered
 * from here; a tampered, forged or foreign token misses and is verified in full. An entry is never
 * answered at or after the token's {@code exp}.
 *
 * <p>Bounded, and first in, first out: when full, the token that arrived first makes room for the new
 * one, and expired tokens leave from the front as new ones arrive. Each step is constant time, so a
 * flood of distinct valid tokens costs a verification each, not a walk over the whole map (which is
 * what an earlier version did when full: PERFORMANCE.md section 38). Our tokens all live equally
 * long, so arrival order is close to expiry order and the front is where the expired ones are.
 */
final class VerifiedTokens {

    private record Verified(ApiCaller caller, Instant expiresAt) {
    }

    private final Map<String, Verified> byToken = new ConcurrentHashMap<>();
    /** Each key of {@link #byToken} once, oldest first; a key leaves the map only through here. */
    private final ArrayDeque<String> arrivals = new ArrayDeque<>();
    private final int maxSize;

    VerifiedTokens(int maxSize) {
        this.maxSize = maxSize;
    }

    /** The caller of a token that verified and has not expired at {@code now}, or null. */
    ApiCaller caller(String token, Instant now) {
        Verified verified = byToken.get(token);
        return verified == null || !now.isBefore(verified.expiresAt()) ? null : verified.caller();
    }

    /**
     * Remembers a token that has just passed verification, until {@code expiresAt}. The lock is held
     * for a few steps only, and only by requests that have just paid for a full verification.
     */
    void remember(String token, ApiCaller caller, Instant expiresAt, Instant now) {
        if (!now.isBefore(expiresAt) || byToken.putIfAbsent(token, new Verified(caller, expiresAt)) != null) {
            return;
        }
        synchronized (arrivals) {
            arrivals.addLast(token);
            String oldest;
            while ((oldest = arrivals.peekFirst()) != null) {
                Verified front = byToken.get(oldest);
                boolean live = front != null && now.isBefore(front.expiresAt());
                if (live && arrivals.size() <= maxSize) {
                    return;
                }
                arrivals.removeFirst();
                byToken.remove(oldest);
            }
        }
    }

    int size() {
        return byToken.size();
    }
}
