package app.vote.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.reliability.VoteStorm.PollUnderTest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped in the middle of a vote storm, then started again. While it is down the API
 * says 503 quickly and readiness says DOWN (liveness stays UP: restarting the server would not
 * help); once it is back the pool's validation replaces the dead connections by itself.
 */
class DatabaseOutageReliabilityIT {

    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final long QUICK_ANSWER_MILLIS = 6_000;

    @Test
    void whilePostgresIsDownTheApiAnswers503FastAndAfterwardsRecoversWithoutRestartLosingNothing()
            throws Exception {
        StormDatabase database = StormDatabase.freshPostgresSchema("outage");
        String prefix = ReliabilityRun.usernamePrefix("outage");
        try (PayaraMicroProcess server = PayaraMicroProcess.named("outage",
                ReliabilityRun.serverSettings(database, Map.of())).start()) {
            server.awaitReady();
            List<PollUnderTest> polls = ReliabilityRun.createPolls(server.baseUri());
            String probeToken = VoteStorm.newVoterToken(server.baseUri(), "probe-" + prefix);
            VoteStorm storm = new VoteStorm(server::baseUri, prefix, polls, ReliabilityRun.CLIENTS / 2, 10)
                    .start(ReliabilityRun.VOTERS);
            storm.awaitAcknowledgements(150, Duration.ofMinutes(3));
            long acknowledgedBeforeOutage = storm.acknowledgements();

            long outageStartedNanos = System.nanoTime();
            postgres("stop");
            Instant stopped = Instant.now();
            HttpClient probe = Exchange.newClient();
            PayaraMicroProcess.sleep(Duration.ofSeconds(1));
            Exchange voteDuringOutage = Exchange.send(probe, Exchange.request(server.baseUri(), "POST",
                    "/api/v1/polls/" + polls.get(0).id() + "/votes", probeToken, "{\"optionId\":" + polls.get(0).optionIds().get(0) + "}"));
            Exchange listDuringOutage = Exchange.send(probe, Exchange.request(server.baseUri(), "GET", "/api/v1/polls", null, null));
            int readyDuringOutage = server.status(probe, "/health/ready").orElse(0);
            int liveDuringOutage = server.status(probe, "/health/live").orElse(0);
            Duration restOfOutage = OUTAGE.minus(Duration.between(stopped, Instant.now()));
            if (!restOfOutage.isNegative()) {
                PayaraMicroProcess.sleep(restOfOutage);
            }

            long outageEndedNanos = System.nanoTime();
            postgres("start");
            Instant restarted = Instant.now();
            while (server.readinessStatus(probe).orElse(0) != 200
                    && Duration.between(restarted, Instant.now()).toSeconds() < 60) {
                PayaraMicroProcess.sleep(Duration.ofMillis(200));
            }
            long recoveredMillis = Duration.between(restarted, Instant.now()).toMillis();
            storm.awaitEnd(ReliabilityRun.STORM_LIMIT);
            ReliabilityRun.report("PostgreSQL outage", storm);
            long slowestDuringOutage = storm.stats().slowestMillisOfRequestsSentBetween(outageStartedNanos, outageEndedNanos);
            System.out.printf("[reliability] outage: vote %s; list %s; ready %d, live %d; ready again %d ms after"
                    + " the restart; %d acknowledged before the outage; slowest answer to the storm's requests sent"
                    + " during the outage %d ms%n", voteDuringOutage, listDuringOutage, readyDuringOutage,
                    liveDuringOutage, recoveredMillis, acknowledgedBeforeOutage, slowestDuringOutage);

            for (Exchange duringOutage : List.of(voteDuringOutage, listDuringOutage)) {
                assertThat(duringOutage.status()).as("%s", duringOutage).isEqualTo(503);
                assertThat(duringOutage.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(duringOutage.retryAfter()).isPresent();
                assertThat(duringOutage.millis()).isLessThan(QUICK_ANSWER_MILLIS);
            }
            assertThat(readyDuringOutage).isEqualTo(503);
            assertThat(liveDuringOutage).isEqualTo(200);
            assertThat(server.readinessStatus(probe)).as("ready again without a restart").contains(200);
            assertThat(storm.stats().serverErrorsOtherThan503()).as("5xx other than 503: %s", storm.stats()).isZero();
            assertThat(storm.stats().malformed503s()).isZero();
            // The probes above may or may not be the requests that reach the database; the storm's many are.
            assertThat(slowestDuringOutage).as("slowest answer to a request sent while PostgreSQL was down")
                    .isLessThan(QUICK_ANSWER_MILLIS);
            assertThat(storm.stats().hangs()).as("requests unanswered after %s: %s", Exchange.REQUEST_TIMEOUT, storm.stats())
                    .isZero();
            Exchange voteAfterwards = Exchange.send(probe, Exchange.request(server.baseUri(), "PUT",
                    "/api/v1/polls/" + polls.get(1).id() + "/votes/me", probeToken, "{\"optionId\":" + polls.get(1).optionIds().get(1) + "}"));
            assertThat(voteAfterwards.status()).as("%s", voteAfterwards).isIn(200, 201);
            ReliabilityRun.auditVotes("PostgreSQL stopped for " + OUTAGE.toSeconds() + " s", storm, database.stored(), prefix);
        } finally {
            postgres("start");
        }
    }

    /** Runs the configured command, by default {@code pg_ctlcluster 15 main stop|start}. */
    private static void postgres(String action) throws IOException, InterruptedException {
        String cluster = ReliabilitySettings.optional("vote.reliability.pgCluster").orElse("15 main");
        List<String> command = new java.util.ArrayList<>(List.of("pg_ctlcluster"));
        command.addAll(List.of(cluster.split(" ")));
        command.add(action);
        if (action.equals("stop")) {
            command.addAll(List.of("-m", "fast"));
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        int status = process.waitFor();
        if (status != 0 && !action.equals("start")) {
            throw new IllegalStateException(command + " exited with " + status);
        }
    }
}
