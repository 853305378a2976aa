package app.vote.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.UUID;

/** Talks to the deployed API the way an integrator's script does: JSON over HTTP, bearer tokens. */
public final class ApiClient {

    public static final String PASSWORD = "correct horse battery";

    private final String api;
    private final String serverRoot;

    public ApiClient(URL deployment) {
        this.api = deployment.toString().replaceAll("/$", "") + "/api/v1";
        this.serverRoot = deployment.getProtocol() + "://" + deployment.getHost() + ":" + deployment.getPort();
    }

    public RequestSpecification anonymous() {
        return given().baseUri(api).accept(ContentType.JSON);
    }

    public RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    public String serverRoot() {
        return serverRoot;
    }

    public String api() {
        return api;
    }

    /** The application's own metrics, in the Prometheus text format. */
    public String applicationMetrics() {
        return given().baseUri(serverRoot).get("/metrics?scope=application").then().statusCode(200).extract().asString();
    }

    /** Registers a fresh voter and returns its username. */
    public String newVoter() {
        String username = "api-" + UUID.randomUUID().toString().substring(0, 13);
        anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}")
                .post("/accounts").then().statusCode(201);
        return username;
    }

    public String token(String username, String password) {
        return anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post("/auth/token").then().statusCode(200)
                .extract().path("access_token");
    }

    public String newVoterToken() {
        return token(newVoter(), PASSWORD);
    }

    public String adminToken() {
        return token(System.getProperty("vote.it.adminUser"), System.getProperty("vote.it.adminPassword"));
    }

    /** Creates a poll with the given options as the administrator and returns its id. */
    public long newPoll(String adminToken, String... options) {
        StringBuilder json = new StringBuilder("{\"question\":\"Which? " + UUID.randomUUID() + "\",\"options\":[");
        for (int i = 0; i < options.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(options[i]).append('"');
        }
        json.append("]}");
        return as(adminToken).contentType(ContentType.JSON).body(json.toString())
                .post("/polls").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    public long optionId(long pollId, int index) {
        return anonymous().get("/polls/" + pollId).then().statusCode(200)
                .extract().jsonPath().getLong("options[" + index + "].id");
    }
}
