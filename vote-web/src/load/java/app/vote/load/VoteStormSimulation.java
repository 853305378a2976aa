package app.vote.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import app.vote.load.BenchData.BenchPoll;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 1, the vote storm. Fresh accounts each get a token (first phase), then cast one vote on
 * one of several polls of this run (second phase, the measured one); one in ten changes its vote,
 * one in ten reads the results right after its 201 and requires its vote to be counted already.
 * Afterwards every acknowledged vote must be in the database exactly once and in the results.
 */
public class VoteStormSimulation extends Simulation {

    static final String LEDGER = "vote-storm";
    private static final int POLLS = 4;
    private static final int OPTIONS = 3;

    private final String prefix = BenchData.runPrefix("storm");
    private final int voters = LoadSettings.voters();
    private final AtomicInteger nextVoter = new AtomicInteger();
    private final Queue<String[]> signedIn = new ConcurrentLinkedQueue<>();
    private final VoteLedger ledger = new VoteLedger(LEDGER);
    private volatile List<BenchPoll> polls;

    private final HttpProtocolBuilder api = http.baseUrl(LoadSettings.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .disableCaching();

    private final ScenarioBuilder signIn = scenario("voters get tokens")
            .asLongAs(session -> nextVoter.get() < voters).on(
                    exec(session -> session.set("voter", nextVoter.getAndIncrement()))
                            .doIf(session -> session.getInt("voter") < voters).then(
                                    exec(http("token (bench hash)").post("/api/v1/auth/token")
                                            .body(StringBody(session -> "{\"username\":\"" + prefix + session.getInt("voter")
                                                    + "\",\"password\":\"" + BenchData.VOTER_PASSWORD + "\"}"))
                                            .check(status().is(200), jsonPath("$.access_token").saveAs("token")))
                                            .exec(session -> {
                                                if (session.contains("token")) {
                                                    signedIn.add(new String[] {prefix + session.getInt("voter"), session.getString("token")});
                                                }
                                                return session.remove("token");
                                            })));

    private final ScenarioBuilder storm = scenario("vote storm")
            .exec(session -> session.set("deadline", System.nanoTime() + LoadSettings.seconds() * 1_000_000_000L))
            .asLongAs(session -> System.nanoTime() < session.getLong("deadline") && !signedIn.isEmpty()).on(
                    exec(this::nextBallot)
                            .doIf(session -> session.contains("username")).then(
                                    exec(http("cast vote").post(session -> "/api/v1/polls/" + session.getLong("poll") + "/votes")
                                            .header("Authorization", session -> "Bearer " + session.getString("token"))
                                            .body(StringBody(session -> "{\"optionId\":" + session.getLong("option") + "}"))
                                            .check(status().is(201).saveAs("cast")))
                                            .doIf(session -> session.contains("cast")).then(
                                                    exec(session -> session.set("castsBefore", ledger.cast(
                                                            session.getString("username"), session.getLong("poll"), session.getLong("option"))))
                                                            .randomSwitch().on(
                                                                    percent(10).then(changeVote()),
                                                                    percent(10).then(readOwnResults())))));

    public VoteStormSimulation() {
        setUp(signIn.injectOpen(atOnceUsers(LoadSettings.connections()))
                .andThen(storm.injectOpen(atOnceUsers(LoadSettings.connections()))))
                .protocols(api)
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void before() {
        polls = BenchData.createPolls("Vote storm " + prefix, POLLS, OPTIONS);
        BenchData.seedVoters(prefix, voters);
    }

    @Override
    public void after() {
        ledger.verify(polls.stream().map(BenchPoll::id).toList());
    }

    private Session nextBallot(Session session) {
        Session fresh = session.removeAll("username", "token", "poll", "option", "changedTo", "cast", "castsBefore");
        String[] voter = signedIn.poll();
        if (voter == null) {
            return fresh;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        BenchPoll poll = polls.get(random.nextInt(polls.size()));
        int choice = random.nextInt(poll.optionIds().size());
        ledger.sending();
        return fresh.setAll(Map.of(
                "username", voter[0],
                "token", voter[1],
                "poll", poll.id(),
                "option", poll.optionIds().get(choice),
                "changedTo", poll.optionIds().get((choice + 1) % poll.optionIds().size())));
    }

    private io.gatling.javaapi.core.ChainBuilder changeVote() {
        return exec(http("change vote").put(session -> "/api/v1/polls/" + session.getLong("poll") + "/votes/me")
                .header("Authorization", session -> "Bearer " + session.getString("token"))
                .body(StringBody(session -> "{\"optionId\":" + session.getLong("changedTo") + "}"))
                .check(status().is(200).saveAs("changed")))
                .exec(session -> {
                    if (session.contains("changed")) {
                        ledger.changed(session.getString("username"), session.getLong("poll"), session.getLong("changedTo"));
                    }
                    return session.remove("changed");
                });
    }

    /** Every cast acknowledged before this read started must be in the total: no stale cache after a 201. */
    private io.gatling.javaapi.core.ChainBuilder readOwnResults() {
        return exec(http("results after own vote").get(session -> "/api/v1/polls/" + session.getLong("poll") + "/results")
                .check(status().is(200), jsonPath("$.totalVotes").ofLong().gte(session -> session.getLong("castsBefore"))));
    }
}
