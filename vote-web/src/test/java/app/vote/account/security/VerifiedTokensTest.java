package app.vote.account.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final ApiCaller ALICE = new ApiCaller("alice", Set.of("voter"));

    @Test
    void aTokenThatVerifiedIsKnownUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        tokens.remember("token-a", ALICE, NOW.plusSeconds(3600), NOW);

        assertThat(tokens.caller("token-a", NOW)).isEqualTo(ALICE);
        assertThat(tokens.caller("token-a", NOW.plusSeconds(3599))).isEqualTo(ALICE);
        assertThat(tokens.caller("token-a", NOW.plusSeconds(3600))).as("at its exp").isNull();
        assertThat(tokens.size()).as("an expired token is dropped when asked for").isZero();
    }

    @Test
    void onlyTheExactTokenIsKnown() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        tokens.remember("header.claims.signature", ALICE, NOW.plusSeconds(3600), NOW);

        assertThat(tokens.caller("header.claims.signaturf", NOW)).isNull();
        assertThat(tokens.caller("header.claims.signature ", NOW)).isNull();
        assertThat(tokens.caller("header.claims", NOW)).isNull();
    }

    @Test
    void aTokenAlreadyExpiredIsNotKept() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        tokens.remember("token-a", ALICE, NOW, NOW);

        assertThat(tokens.size()).isZero();
    }

    @Test
    void whenFullExpiredTokensMakeRoomAndOtherwiseNewTokensAreNotKept() {
        VerifiedTokens tokens = new VerifiedTokens(3);
        tokens.remember("short", ALICE, NOW.plusSeconds(10), NOW);
        tokens.remember("long-1", ALICE, NOW.plusSeconds(3600), NOW);
        tokens.remember("long-2", ALICE, NOW.plusSeconds(3600), NOW);

        Instant later = NOW.plusSeconds(60);
        tokens.remember("long-3", ALICE, later.plusSeconds(3600), later);
        assertThat(tokens.caller("long-3", later)).as("the expired one made room").isEqualTo(ALICE);

        tokens.remember("long-4", ALICE, later.plusSeconds(3600), later);
        assertThat(tokens.caller("long-4", later)).as("full of live tokens: not kept").isNull();
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.caller("long-1", later)).isEqualTo(ALICE);
    }
}
