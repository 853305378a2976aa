package app.vote.account.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
        assertThat(tokens.caller("token-a", NOW.plusSeconds(7200))).as("after it").isNull();
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
    void expiredTokensLeaveFromTheFrontAsNewOnesArrive() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        tokens.remember("short-1", ALICE, NOW.plusSeconds(10), NOW);
        tokens.remember("short-2", ALICE, NOW.plusSeconds(10), NOW);
        tokens.remember("long", ALICE, NOW.plusSeconds(3600), NOW);

        Instant later = NOW.plusSeconds(60);
        tokens.remember("new", ALICE, later.plusSeconds(3600), later);

        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.caller("long", later)).isEqualTo(ALICE);
        assertThat(tokens.caller("new", later)).isEqualTo(ALICE);
    }

    @Test
    void whenFullOfLiveTokensTheOldestMakesRoomForTheNewest() {
        VerifiedTokens tokens = new VerifiedTokens(3);
        for (int i = 1; i <= 5; i++) {
            tokens.remember("token-" + i, ALICE, NOW.plusSeconds(3600), NOW);
        }

        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.caller("token-1", NOW)).isNull();
        assertThat(tokens.caller("token-2", NOW)).isNull();
        assertThat(tokens.caller("token-3", NOW)).isEqualTo(ALICE);
        assertThat(tokens.caller("token-5", NOW)).as("the newest is kept").isEqualTo(ALICE);
    }

    @Test
    void aTokenRememberedTwiceTakesOnePlace() {
        VerifiedTokens tokens = new VerifiedTokens(2);
        tokens.remember("token-a", ALICE, NOW.plusSeconds(3600), NOW);
        tokens.remember("token-a", ALICE, NOW.plusSeconds(3600), NOW);
        tokens.remember("token-b", ALICE, NOW.plusSeconds(3600), NOW);

        assertThat(tokens.caller("token-a", NOW)).as("not pushed out by its own second arrival").isEqualTo(ALICE);
        assertThat(tokens.caller("token-b", NOW)).isEqualTo(ALICE);
    }

    @Test
    void manyThreadsRememberingDistinctTokensStayWithinTheBound() throws Exception {
        int bound = 500;
        VerifiedTokens tokens = new VerifiedTokens(bound);
        int threads = 8;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    tokens.remember("token-" + thread + "-" + i, ALICE, NOW.plusSeconds(3600), NOW);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> each : done) {
            each.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        long answered = IntStream.range(0, threads).boxed()
                .flatMap(t -> IntStream.range(0, perThread).mapToObj(i -> "token-" + t + "-" + i))
                .filter(token -> tokens.caller(token, NOW) != null).count();
        assertThat(answered).as("tokens still answered").isEqualTo(bound);
        assertThat(tokens.size()).isEqualTo(bound);

        tokens.remember("after the flood", ALICE, NOW.plusSeconds(3600), NOW);
        assertThat(tokens.caller("after the flood", NOW)).isEqualTo(ALICE);
        assertThat(tokens.size()).isEqualTo(bound);
    }
}
