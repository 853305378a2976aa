package app.vote.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** What every reliability test shares: the server's settings, the storm's size, and the final audit. */
final class ReliabilityRun {

    static final String ADMIN = "reliability-admin";
    /** Made up for this JVM and never stored: there is no default admin password. */
    static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    static final int VOTERS = ReliabilitySettings.integer("vote.reliability.voters", 500);
    static final int POLLS = ReliabilitySettings.integer("vote.reliability.polls", 5);
    static final int CLIENTS = ReliabilitySettings.integer("vote.reliability.clients", 64);
    static final Duration STORM_LIMIT = Duration.ofMinutes(5);

    private ReliabilityRun() {
    }

    /**
     * The server's settings: the database's, an administrator, and a cheap password hash, because
     * this suite is about what happens to votes; the price of the real hash is issue 7's benchmark.
     */
    static Map<String, String> serverSettings(StormDatabase database, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(database.serverSettings());
        settings.put("vote.admin.user", ADMIN);
        settings.put("vote.admin.password", ADMIN_PASSWORD);
        settings.put("vote.password.iterations", "1024");
        settings.put("vote.shutdown.drain-seconds", "1");
        settings.putAll(extra);
        return settings;
    }

    /** The storm's polls, created by the administrator the servers were started with. */
    static List<VoteStorm.PollUnderTest> createPolls(URI base) {
        return VoteStorm.createPolls(base, ADMIN, ADMIN_PASSWORD, POLLS);
    }

    static String usernamePrefix(String test) {
        return test + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    }

    /** Option id to votes, as the API reports them. */
    static Map<Long, Long> apiCounts(URI base, long pollId) {
        Exchange results = Exchange.send(Exchange.newClient(),
                Exchange.request(base, "GET", "/api/v1/polls/" + pollId + "/results", null, null));
        assertThat(results.status()).as("results of poll %d: %s", pollId, results).isEqualTo(200);
        JsonPath json = JsonPath.from(results.body());
        Map<Long, Long> counts = new TreeMap<>();
        List<Long> ids = json.getList("options.id", Long.class);
        List<Long> votes = json.getList("options.votes", Long.class);
        for (int i = 0; i < ids.size(); i++) {
            counts.put(ids.get(i), votes.get(i));
        }
        return counts;
    }

    static Map<Long, Map<Long, Long>> apiCounts(URI base, List<VoteStorm.PollUnderTest> polls) {
        Map<Long, Map<Long, Long>> counts = new TreeMap<>();
        polls.forEach(poll -> counts.put(poll.id(), apiCounts(base, poll.id())));
        return counts;
    }

    static Map<Long, Map<Long, Long>> databaseCounts(StoredVotes stored, List<VoteStorm.PollUnderTest> polls)
            throws SQLException {
        Map<Long, Map<Long, Long>> counts = new TreeMap<>();
        for (VoteStorm.PollUnderTest poll : polls) {
            counts.put(poll.id(), stored.countsFor(poll.id()));
        }
        return counts;
    }

    /**
     * The audit after a run: every acknowledged vote stored once with the acknowledged option,
     * nothing stored that no client asked for, no account with two votes on a poll, no second vote
     * accepted, no internals in any body.
     */
    static Ledger.Verdict auditVotes(String what, VoteStorm storm, StoredVotes stored, String usernamePrefix)
            throws SQLException {
        Ledger.Verdict verdict = storm.ledger().compareWith(stored.votesOf(usernamePrefix));
        System.out.printf("[reliability] %s: %s%n", what, verdict);
        assertThat(verdict.mismatches()).as("votes whose stored state contradicts what the client was told").isEmpty();
        assertThat(verdict.acknowledgedVotesStored()).isEqualTo(verdict.acknowledgedVotes());
        assertThat(stored.accountsWithTwoVotesOnAPoll()).as("accounts with two votes on one poll").isEmpty();
        assertThat(storm.secondVotesAccepted()).as("second votes on one poll accepted").isZero();
        assertThat(storm.stats().leakedInternals()).as("answers showing stack traces or SQL").isZero();
        return verdict;
    }

    static void report(String what, VoteStorm storm) {
        System.out.printf("[reliability] %s: %d voters finished, %d acknowledgements; %s%n", what,
                storm.votersFinished(), storm.acknowledgements(), storm.stats());
    }

}
