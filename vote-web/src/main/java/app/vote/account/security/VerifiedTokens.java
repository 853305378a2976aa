package app.vote.account.security;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our own bearer tokens that passed verification, with their callers, until they expire. A client
 * sends the same token with every request of its hour, and checking its RS256 signature and claims
 * again was 9 % of the server's CPU for a vote (PERFORMANCE.md section 33). The whole token is the
 * key, signature included, so only a byte-for-byte copy of a token that verified is ever answered
 * from here; a tampered, forged or foreign token misses and is verified in full. An entry ends at
 * the token's {@code exp}, never later than verification would accept it.
 *
 * <p>Bounded: when full, expired entries are dropped; if it is still full, the new token is simply
 * not kept and its next request pays a full verification again, so a flood of distinct valid tokens
 * costs CPU, not memory.
 */
final class VerifiedTokens {

    private record Verified(ApiCaller caller, Instant expiresAt) {
    }

    private final Map<String, Verified> byToken = new ConcurrentHashMap<>();
    private final int maxSize;

    VerifiedTokens(int maxSize) {
        this.maxSize = maxSize;
    }

    /** The caller of a token that verified and has not expired at {@code now}, or null. */
    ApiCaller caller(String token, Instant now) {
        Verified verified = byToken.get(token);
        if (verified == null) {
            return null;
        }
        if (!now.isBefore(verified.expiresAt())) {
            byToken.remove(token, verified);
            return null;
        }
        return verified.caller();
    }

    /** Remembers a token that has just passed verification, until {@code expiresAt}. */
    void remember(String token, ApiCaller caller, Instant expiresAt, Instant now) {
        if (!now.isBefore(expiresAt)) {
            return;
        }
        if (byToken.size() >= maxSize) {
            byToken.values().removeIf(verified -> !now.isBefore(verified.expiresAt()));
            if (byToken.size() >= maxSize) {
                return;
            }
        }
        byToken.put(token, new Verified(caller, expiresAt));
    }

    int size() {
        return byToken.size();
    }
}
