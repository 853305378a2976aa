package app.vote.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.reliability.VoteStorm.PollUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kill -9 in the middle of a vote storm: no chance to flush or roll anything back. After a
 * restart on the same data, every vote a client was told about is there.
 */
class CrashReliabilityIT {

    @Test
    void aServerKilledMidStormLosesNoAcknowledgedVoteOnTheEmbeddedDatabase() throws Exception {
        crashAndAudit(StormDatabase.freshH2("crash"), "h2crash", "crash-h2");
    }

    @Test
    void aServerKilledMidStormLosesNoAcknowledgedVoteOnPostgres() throws Exception {
        crashAndAudit(StormDatabase.freshPostgresSchema("crash"), "pgcrash", "crash-postgres");
    }

    private static void crashAndAudit(StormDatabase database, String test, String serverName) throws Exception {
        String prefix = ReliabilityRun.usernamePrefix(test);
        Map<String, String> settings = ReliabilityRun.serverSettings(database, Map.of());
        List<PollUnderTest> polls;
        VoteStorm storm;
        try (PayaraMicroProcess server = PayaraMicroProcess.named(serverName, settings).start()) {
            server.awaitReady();
            polls = ReliabilityRun.createPolls(server.baseUri());
            storm = new VoteStorm(server::baseUri, prefix, polls, ReliabilityRun.CLIENTS, 8).start(ReliabilityRun.VOTERS);
            storm.awaitAcknowledgements(ReliabilityRun.VOTERS / 2, Duration.ofMinutes(3));
            server.killHard();
            storm.stop();
            storm.awaitEnd(Duration.ofMinutes(1));
        }
        ReliabilityRun.report("kill -9 of " + serverName, storm);

        try (PayaraMicroProcess restarted = PayaraMicroProcess.named(serverName + "-restarted", settings).start()) {
            Duration ready = restarted.awaitReady();
            System.out.printf("[reliability] %s ready again after %d ms%n", serverName, ready.toMillis());
            Map<Long, Map<Long, Long>> reported = ReliabilityRun.apiCounts(restarted.baseUri(), polls);
            restarted.close();

            assertThat(storm.acknowledgements()).isGreaterThanOrEqualTo(ReliabilityRun.VOTERS / 2);
            assertThat(storm.stats().serverErrors()).as("5xx before the kill: %s", storm.stats()).isZero();
            ReliabilityRun.auditVotes("kill -9 on " + database.description(), storm, database.stored(), prefix);
            assertThat(reported).isEqualTo(ReliabilityRun.databaseCounts(database.stored(), polls));
        }
    }
}
