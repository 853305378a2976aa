package app.vote.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.reliability.VoteStorm.PollUnderTest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as ECS sends it when a task is replaced: readiness must go DOWN while the server still
 * answers, the requests in flight must finish, and the JVM must be gone well inside ECS's 30 s.
 * The test plays the load balancer: it polls readiness and stops routing new requests once it
 * sees DOWN.
 */
class GracefulStopReliabilityIT {

    private static final Duration ECS_STOP_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void sigtermTurnsReadinessDownFirstFinishesRequestsInFlightAndExitsInTime() throws Exception {
        StormDatabase database = StormDatabase.freshH2("sigterm");
        String prefix = ReliabilityRun.usernamePrefix("sigterm");
        try (PayaraMicroProcess server = PayaraMicroProcess.named("sigterm",
                ReliabilityRun.serverSettings(database, Map.of("vote.shutdown.drain-seconds", "3"))).start()) {
            server.awaitReady();
            List<PollUnderTest> polls = ReliabilityRun.createPolls(server.baseUri());
            VoteStorm storm = new VoteStorm(server::baseUri, prefix, polls, ReliabilityRun.CLIENTS / 2, 9)
                    .start(ReliabilityRun.VOTERS);
            storm.awaitAcknowledgements(100, Duration.ofMinutes(3));

            long signalled = System.nanoTime();
            server.sendSigterm();
            AtomicLong readinessDownAfter = new AtomicLong(-1);
            AtomicLong refusedAfter = new AtomicLong(-1);
            HttpClient probe = Exchange.newClient();
            while (refusedAfter.get() < 0 && System.nanoTime() - signalled < ECS_STOP_TIMEOUT.toNanos()) {
                Optional<Integer> readiness = server.readinessStatus(probe);
                long elapsed = (System.nanoTime() - signalled) / 1_000_000;
                if (readiness.isEmpty()) {
                    refusedAfter.set(elapsed);
                } else if (readiness.get() == 503 && readinessDownAfter.compareAndSet(-1, elapsed)) {
                    storm.stop();
                }
                PayaraMicroProcess.sleep(Duration.ofMillis(50));
            }
            Optional<Integer> exitCode = server.awaitExit(ECS_STOP_TIMEOUT.minusMillis((System.nanoTime() - signalled) / 1_000_000));
            long exitedAfter = (System.nanoTime() - signalled) / 1_000_000;
            storm.stop();
            storm.awaitEnd(Duration.ofMinutes(1));
            System.out.printf("[reliability] SIGTERM: readiness DOWN after %d ms, port closed after %d ms,"
                    + " exit %s after %d ms; %s%n", readinessDownAfter.get(), refusedAfter.get(), exitCode,
                    exitedAfter, storm.stats());

            assertThat(readinessDownAfter.get()).as("readiness seen DOWN while the server still answered").isNotNegative();
            assertThat(refusedAfter.get()).as("the port closed after readiness went DOWN").isGreaterThan(readinessDownAfter.get());
            assertThat(exitCode).as("exit status within %s", ECS_STOP_TIMEOUT).contains(0);
            assertThat(storm.stats().count("broken") + storm.stats().count("timed_out"))
                    .as("requests cut off in flight").isZero();
            assertThat(storm.stats().serverErrors()).as("5xx during the stop: %s", storm.stats()).isZero();
            ReliabilityRun.auditVotes("SIGTERM during a storm", storm, database.stored(), prefix);
        }
    }
}
