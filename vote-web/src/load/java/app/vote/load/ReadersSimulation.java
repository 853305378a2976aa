package app.vote.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scenario 2, readers, in three back-to-back phases of {@code vote.load.seconds} each so every
 * kind of read gets its own rate: the open-poll list, one poll, one poll's results, each from the
 * same {@code vote.load.connections} keep-alive connections. No client cache: every read is a full
 * 200. The lead-in loops over all three reads, so no phase meets a generator that has not run its
 * request.
 */
public class ReadersSimulation extends Simulation {

    private volatile List<Long> pollIds = List.of();

    private final HttpProtocolBuilder api = http.baseUrl(LoadSettings.baseUrl())
            .acceptHeader("application/json")
            .disableCaching();

    public ReadersSimulation() {
        int seconds = LoadSettings.seconds();
        ChainBuilder everyRead = pollList(LeadIn.name("poll list"))
                .exec(pollDetail(LeadIn.name("poll detail")))
                .exec(results(LeadIn.name("results")));
        ScenarioBuilder readers = scenario("readers")
                .exec(LeadIn.first(this, everyRead))
                .during(seconds).on(pollList("poll list"))
                .during(seconds).on(pollDetail("poll detail"))
                .during(seconds).on(results("results"));
        setUp(readers.injectOpen(atOnceUsers(LoadSettings.connections())))
                .protocols(api)
                .assertions(global().failedRequests().count().is(0L));
    }

    private static ChainBuilder pollList(String name) {
        return CoreDsl.exec(http(name).get("/api/v1/polls?status=open&page=0&size=20")
                .check(status().is(200), jsonPath("$.items").exists()));
    }

    private ChainBuilder pollDetail(String name) {
        return withPoll().exec(http(name).get(session -> "/api/v1/polls/" + session.getLong("poll"))
                .check(status().is(200), jsonPath("$.options").exists()));
    }

    private ChainBuilder results(String name) {
        return withPoll().exec(http(name).get(session -> "/api/v1/polls/" + session.getLong("poll") + "/results")
                .check(status().is(200), jsonPath("$.totalVotes").exists()));
    }

    private ChainBuilder withPoll() {
        return CoreDsl.exec(session -> session.set("poll", pollIds.get(ThreadLocalRandom.current().nextInt(pollIds.size()))));
    }

    @Override
    public void before() {
        List<Long> ids = new ArrayList<>();
        BenchData.openPolls().get("items").forEach(p -> ids.add(p.get("id").asLong()));
        if (ids.isEmpty()) {
            throw new IllegalStateException("No open polls to read");
        }
        pollIds = List.copyOf(ids);
    }
}
