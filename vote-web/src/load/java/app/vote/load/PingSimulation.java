package app.vote.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * The server's ceiling for a JAX-RS request that does no work (GET /api/v1/ping, present only when
 * the harness starts the server with vote.benchmark.ping=true), at the readers' concurrency.
 */
public class PingSimulation extends Simulation {

    private final HttpProtocolBuilder api = http.baseUrl(LoadSettings.baseUrl())
            .acceptHeader("application/json")
            .disableCaching();

    private final ScenarioBuilder ping = scenario("trivial endpoint")
            .exec(LeadIn.first(this, ping(LeadIn.name("ping"))))
            .during(LoadSettings.seconds()).on(ping("ping"));

    public PingSimulation() {
        setUp(ping.injectOpen(atOnceUsers(LoadSettings.connections())))
                .protocols(api)
                .assertions(global().failedRequests().count().is(0L));
    }

    private static ChainBuilder ping(String name) {
        return exec(http(name).get("/api/v1/ping").check(status().is(200)));
    }
}
