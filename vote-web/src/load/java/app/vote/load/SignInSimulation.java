package app.vote.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Scenario 4, sign-in: token requests for accounts registered through the API, so their
 * passwords are hashed at the server's configured strength (600,000 PBKDF2 iterations by
 * default). The rate is the price of that strength; votes and reads never pay it again.
 */
public class SignInSimulation extends Simulation {

    private static final String PASSWORD = "sign-in benchmark password";

    private final String prefix = BenchData.runPrefix("signin");
    private final int users = LoadSettings.signInUsers();

    private final HttpProtocolBuilder api = http.baseUrl(LoadSettings.baseUrl())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .disableCaching();

    private final ScenarioBuilder signIn = scenario("sign-in at full strength")
            .exec(session -> session.set("username", prefix + (session.userId() % users)))
            .during(LoadSettings.seconds()).on(
                    exec(http("token (600k PBKDF2)").post("/api/v1/auth/token")
                            .body(StringBody(session -> "{\"username\":\"" + session.getString("username")
                                    + "\",\"password\":\"" + PASSWORD + "\"}"))
                            .check(status().is(200), jsonPath("$.access_token").exists())));

    public SignInSimulation() {
        setUp(signIn.injectOpen(atOnceUsers(users)))
                .protocols(api)
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void before() {
        for (int i = 0; i < users; i++) {
            BenchData.register(prefix + i, PASSWORD);
        }
    }
}
