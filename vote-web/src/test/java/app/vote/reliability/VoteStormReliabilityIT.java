package app.vote.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.reliability.VoteStorm.PollUnderTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of voters at once over HTTP, then the audit: what the clients were told against what
 * the database holds, and the API's results against a GROUP BY over the rows.
 */
class VoteStormReliabilityIT {

    /** The pool is 32 connections (DatabaseMigration); the clients outnumber it three to one. */
    private static final int CLIENTS_ABOVE_POOL = 96;

    @Test
    void everyAcknowledgedVoteIsStoredOnceOnTheEmbeddedDatabase() throws Exception {
        StormDatabase database = StormDatabase.freshH2("storm");
        String prefix = ReliabilityRun.usernamePrefix("h2storm");
        try (PayaraMicroProcess server = PayaraMicroProcess.named("storm-h2",
                ReliabilityRun.serverSettings(database, Map.of())).start()) {
            server.awaitReady();
            List<PollUnderTest> polls = ReliabilityRun.createPolls(server.baseUri());
            VoteStorm storm = new VoteStorm(server::baseUri, prefix, polls, ReliabilityRun.CLIENTS, 6)
                    .run(ReliabilityRun.VOTERS, ReliabilityRun.STORM_LIMIT);
            ReliabilityRun.report("storm on H2", storm);
            Map<Long, Map<Long, Long>> reported = ReliabilityRun.apiCounts(server.baseUri(), polls);
            server.close();

            assertThat(storm.votersFinished()).isEqualTo(ReliabilityRun.VOTERS);
            assertThat(storm.stats().serverErrors()).as("5xx answers: %s", storm.stats()).isZero();
            ReliabilityRun.auditVotes("storm on H2", storm, database.stored(), prefix);
            assertThat(reported).isEqualTo(ReliabilityRun.databaseCounts(database.stored(), polls));
        }
    }

    @Test
    void withMoreClientsThanPooledConnectionsPostgresRequestsWaitOrAreRefusedFastAndCountsStayExact()
            throws Exception {
        StormDatabase database = StormDatabase.freshPostgresSchema("pool");
        String prefix = ReliabilityRun.usernamePrefix("pgpool");
        try (PayaraMicroProcess server = PayaraMicroProcess.named("storm-postgres",
                ReliabilityRun.serverSettings(database, Map.of())).start()) {
            server.awaitReady();
            List<PollUnderTest> polls = ReliabilityRun.createPolls(server.baseUri());
            VoteStorm storm = new VoteStorm(server::baseUri, prefix, polls, CLIENTS_ABOVE_POOL, 7)
                    .run(ReliabilityRun.VOTERS, ReliabilityRun.STORM_LIMIT);
            ReliabilityRun.report("storm on PostgreSQL", storm);

            assertThat(storm.votersFinished() + storm.stats().count("503"))
                    .as("every voter finished, or was told to come back").isGreaterThanOrEqualTo(ReliabilityRun.VOTERS);
            assertThat(storm.stats().serverErrorsOtherThan503()).as("5xx other than 503: %s", storm.stats()).isZero();
            assertThat(storm.stats().malformed503s()).as("503s without problem+json and Retry-After").isZero();
            // How long the answers took depends on the machine (the report has it); a request that
            // never got an answer within the clients' 30 s would be a hang, whatever the machine.
            assertThat(storm.stats().hangs()).as("requests unanswered after %s: %s", Exchange.REQUEST_TIMEOUT, storm.stats())
                    .isZero();
            ReliabilityRun.auditVotes("storm on PostgreSQL, " + CLIENTS_ABOVE_POOL + " clients, 32 connections",
                    storm, database.stored(), prefix);
            assertThat(ReliabilityRun.apiCounts(server.baseUri(), polls))
                    .isEqualTo(ReliabilityRun.databaseCounts(database.stored(), polls));
        }
    }
}
