package app.vote.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import app.vote.testing.ApiClient;
import app.vote.testing.Deployments;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API's contract, status code by status code, as an integrator's script sees it. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiContractIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.shippedWar();
    }

    @ArquillianResource
    URL base;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(base);
    }

    // ---- accounts and tokens

    @Test
    void registeringReturns201WithTheAccountStoredLowerCase() {
        api.anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"Mixed.Case-" + System.nanoTime() % 100000 + "\",\"password\":\"" + ApiClient.PASSWORD + "\"}")
                .post("/accounts")
                .then().statusCode(201)
                .header("Location", startsWith(api.api() + "/accounts/me"))
                .body("id", notNullValue())
                .body("username", startsWith("mixed.case-"))
                .body("roles", equalTo(List.of("voter")))
                .body("$", not(hasKey("password")));
    }

    @Test
    void registeringATakenUsernameIs409() {
        String username = api.newVoter();

        problem(api.anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username.toUpperCase() + "\",\"password\":\"" + ApiClient.PASSWORD + "\"}")
                .post("/accounts"), 409, "/problems/username-taken");
    }

    @Test
    void registeringWithBadFieldsIs400WithAMessagePerField() {
        problem(api.anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"no spaces!\",\"password\":\"short\"}")
                .post("/accounts"), 400, "/problems/validation")
                .body("errors.username", containsString("3 to 32 characters"))
                .body("errors.password", containsString("8 to 128 characters"));
    }

    @Test
    void aTokenIsIssuedForTheRightPasswordAndNeverCached() {
        String username = api.newVoter();

        api.anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + ApiClient.PASSWORD + "\"}")
                .post("/auth/token")
                .then().statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", greaterThan(0))
                .body("access_token", notNullValue());
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSame401() {
        String username = api.newVoter();

        String wrongPassword = problem(api.anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"not the password\"}")
                .post("/auth/token"), 401, "/problems/invalid-credentials").extract().body().asString();
        String unknownUser = problem(api.anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"nobody-" + username + "\",\"password\":\"not the password\"}")
                .post("/auth/token"), 401, "/problems/invalid-credentials").extract().body().asString();

        assertThat(unknownUser).isEqualTo(wrongPassword);
    }

    @Test
    void repeatedFailuresForOneAccountAre429WithRetryAfter() {
        String username = api.newVoter();
        for (int i = 0; i < 6; i++) {
            api.anonymous().contentType(ContentType.JSON)
                    .body("{\"username\":\"" + username + "\",\"password\":\"wrong password " + i + "\"}")
                    .post("/auth/token").then().statusCode(401);
        }

        problem(api.anonymous().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + ApiClient.PASSWORD + "\"}")
                .post("/auth/token"), 429, "/problems/too-many-attempts")
                .header("Retry-After", notNullValue());
    }

    @Test
    void meNamesTheTokensAccountAndNeedsAToken() {
        String username = api.newVoter();

        api.as(api.token(username, ApiClient.PASSWORD)).get("/accounts/me")
                .then().statusCode(200)
                .body("username", equalTo(username))
                .body("roles", equalTo(List.of("voter")));
        problem(api.anonymous().get("/accounts/me"), 401, "/problems/unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"));
        problem(api.as("not-a-token").get("/accounts/me"), 401, "/problems/invalid-token")
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    // ---- reading polls

    @Test
    void listingIsPagedNewestFirstAndFiltersByStatus() {
        String admin = api.adminToken();
        long older = api.newPoll(admin, "a", "b");
        long newer = api.newPoll(admin, "a", "b");
        api.as(admin).post("/polls/" + older + "/close").then().statusCode(200);

        JsonPath open = api.anonymous().queryParam("size", 100).get("/polls").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(100)).body("items.status", everyItem(equalTo("open")))
                .extract().jsonPath();
        assertThat(open.getList("items.id", Long.class)).contains(newer).doesNotContain(older);
        List<Long> all = api.anonymous().queryParam("status", "all").queryParam("size", 100).get("/polls")
                .then().statusCode(200).extract().jsonPath().getList("items.id", Long.class);
        assertThat(all.indexOf(newer)).isLessThan(all.indexOf(older));
        api.anonymous().queryParam("status", "closed").queryParam("size", 100).get("/polls").then().statusCode(200)
                .body("items.status", everyItem(equalTo("closed")))
                .body("items.id", hasItems((int) older));
        api.anonymous().queryParam("status", "all").queryParam("size", 1).queryParam("page", 1).get("/polls")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("totalItems", greaterThan(1));
    }

    @Test
    void eachListedPollIsTheSameJsonAsThePollReadOnItsOwn() {
        String admin = api.adminToken();
        long plain = api.newPoll(admin, "a", "b");
        long described = api.as(admin).contentType("application/json")
                .body("{\"question\":\"Listed with everything?\",\"description\":\"Some \\\"quoted\\\" text\","
                        + "\"closesAt\":\"2099-01-01T00:00:00Z\",\"options\":[\"x\",\"y\",\"z\"]}")
                .post("/polls").then().statusCode(201).extract().jsonPath().getLong("id");
        api.as(api.newVoterToken()).contentType("application/json")
                .body("{\"optionId\":" + api.optionId(described, 2) + "}")
                .post("/polls/" + described + "/votes").then().statusCode(201);

        api.anonymous().queryParam("size", 100).get("/polls").then().statusCode(200).contentType("application/json");
        for (long poll : List.of(plain, described)) {
            Map<String, Object> alone = api.anonymous().get("/polls/" + poll).then().statusCode(200)
                    .extract().jsonPath().getMap("");
            assertThat(listed(poll, "open")).as("poll %d in the list", poll).isEqualTo(alone);
        }
    }

    @Test
    void aPollShowsItsOptionsAndTheCallersOwnVote() {
        long poll = api.newPoll(api.adminToken(), "red", "green");
        String voter = api.newVoterToken();
        long green = api.optionId(poll, 1);

        api.anonymous().get("/polls/" + poll).then().statusCode(200)
                .body("status", equalTo("open"))
                .body("closesAt", nullValue())
                .body("options.text", equalTo(List.of("red", "green")))
                .body("totalVotes", equalTo(0))
                .body("$", not(hasKey("myVote")));
        vote(voter, poll, green).then().statusCode(201);
        api.as(voter).get("/polls/" + poll).then().statusCode(200)
                .body("totalVotes", equalTo(1))
                .body("myVote.optionId", equalTo((int) green))
                .body("myVote.castAt", notNullValue());
    }

    @Test
    void unknownPollsAndMalformedIdsAre404() {
        problem(api.anonymous().get("/polls/999999999"), 404, "/problems/poll-not-found");
        problem(api.anonymous().get("/polls/abc"), 404, "/problems/not-found");
        problem(api.anonymous().get("/polls/99999999999999999999999"), 404, "/problems/not-found");
        problem(api.anonymous().get("/polls/999999999/results"), 404, "/problems/poll-not-found");
    }

    @Test
    void resultsCountEveryVoteAndThePercentagesAddUpTo100() {
        String admin = api.adminToken();
        long poll = api.newPoll(admin, "a", "b", "c");
        api.anonymous().get("/polls/" + poll + "/results").then().statusCode(200)
                .body("totalVotes", equalTo(0))
                .body("options.percent", everyItem(equalTo(0)));
        for (int option : new int[] {0, 1, 2}) {
            vote(api.newVoterToken(), poll, api.optionId(poll, option)).then().statusCode(201);
        }

        JsonPath results = api.anonymous().get("/polls/" + poll + "/results").then().statusCode(200)
                .body("pollId", equalTo((int) poll)).body("status", equalTo("open")).body("totalVotes", equalTo(3))
                .body("options.votes", equalTo(List.of(1, 1, 1)))
                .extract().jsonPath();
        assertThat(results.getList("options.percent", Integer.class).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(100);
    }

    @Test
    void cachedResultsShowEveryAcknowledgedChangeInTheVeryNextRead() {
        String admin = api.adminToken();
        long poll = api.newPoll(admin, "a", "b");
        for (int votes = 1; votes <= 3; votes++) {
            // Read first, so the counts of before the vote are what the cache holds.
            api.anonymous().get("/polls/" + poll + "/results").then().body("totalVotes", equalTo(votes - 1));
            api.anonymous().get("/polls/" + poll).then().body("totalVotes", equalTo(votes - 1));
            assertThat(listed(poll, "open")).containsEntry("totalVotes", votes - 1);
            vote(api.newVoterToken(), poll, api.optionId(poll, 0)).then().statusCode(201);
            api.anonymous().get("/polls/" + poll + "/results").then().body("totalVotes", equalTo(votes));
            api.anonymous().get("/polls/" + poll).then().body("totalVotes", equalTo(votes));
            assertThat(listed(poll, "open")).as("the poll list is served from the same snapshots")
                    .containsEntry("totalVotes", votes);
        }
        api.as(admin).post("/polls/" + poll + "/close").then().statusCode(200);
        api.anonymous().get("/polls/" + poll + "/results").then().body("status", equalTo("closed"));
        assertThat(listed(poll, "open")).as("closed polls leave the open list at once").isEmpty();
        assertThat(listed(poll, "closed")).containsEntry("status", "closed").containsEntry("totalVotes", 3);
        api.as(admin).delete("/polls/" + poll).then().statusCode(204);
        problem(api.anonymous().get("/polls/" + poll + "/results"), 404, "/problems/poll-not-found");
        problem(api.anonymous().get("/polls/" + poll), 404, "/problems/poll-not-found");
        assertThat(listed(poll, "all")).as("deleted polls leave every list at once").isEmpty();
    }

    @Test
    void aNewPollIsListedAtOnceAndLeavesTheOpenListingWhenItsClosingTimePasses() throws InterruptedException {
        String admin = api.adminToken();
        listed(0, "open");
        long created = api.newPoll(admin, "a", "b");
        assertThat(listed(created, "open")).as("listings are cached, and forgotten when a poll is created")
                .containsEntry("status", "open");
        assertThat(listed(created, "all")).containsEntry("status", "open");

        Instant closesAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        long closing = api.as(admin).contentType(ContentType.JSON)
                .body("{\"question\":\"Closing soon?\",\"options\":[\"a\",\"b\"],\"closesAt\":\"" + closesAt + "\"}")
                .post("/polls").then().statusCode(201).extract().jsonPath().getLong("id");
        boolean listedBefore = false;
        boolean readAfter = false;
        // Reads every 50 ms keep the cached listing younger than its 1 s maximum age at the closing
        // time, so only the listing's own knowledge of the closing time can drop the poll at once.
        while (Instant.now().isBefore(closesAt.plusMillis(1500))) {
            Instant sent = Instant.now();
            Map<String, Object> item = listed(closing, "open");
            if (sent.isAfter(closesAt)) {
                assertThat(item).as("the open listing read %s after the closing time", Duration.between(closesAt, sent)).isEmpty();
                readAfter = true;
            } else if (!item.isEmpty()) {
                assertThat(item).containsEntry("status", "open");
                listedBefore = true;
            }
            Thread.sleep(50);
        }
        assertThat(listedBefore).as("listed as open before its closing time").isTrue();
        assertThat(readAfter).isTrue();
        assertThat(listed(closing, "closed")).containsEntry("status", "closed");
    }

    /** The poll as the first page of the given listing shows it (newest first, so a new poll is on it), or empty. */
    private Map<String, Object> listed(long poll, String status) {
        List<Map<String, Object>> items = api.anonymous().queryParam("status", status).queryParam("size", 100)
                .get("/polls").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(item -> ((Number) item.get("id")).longValue() == poll).findFirst().orElse(Map.of());
    }

    @Test
    void pollAndResultsCarryAnETagAndAnswer304WhileUnchanged() {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        String tag = api.anonymous().get("/polls/" + poll + "/results").then().statusCode(200)
                .header("ETag", notNullValue()).extract().header("ETag");
        String pollTag = api.anonymous().get("/polls/" + poll).then().statusCode(200).extract().header("ETag");

        api.anonymous().header("If-None-Match", tag).get("/polls/" + poll + "/results").then().statusCode(304);
        api.anonymous().header("If-None-Match", pollTag).get("/polls/" + poll).then().statusCode(304);
        vote(api.newVoterToken(), poll, api.optionId(poll, 0)).then().statusCode(201);
        // Both are written once per state and kept: the vote must make new ones, with new tags.
        String changed = api.anonymous().header("If-None-Match", tag).get("/polls/" + poll + "/results")
                .then().statusCode(200).body("totalVotes", equalTo(1)).body("options[0].votes", equalTo(1))
                .extract().header("ETag");
        assertThat(changed).isNotEqualTo(tag);
        String changedPoll = api.anonymous().header("If-None-Match", pollTag).get("/polls/" + poll)
                .then().statusCode(200).body("totalVotes", equalTo(1)).extract().header("ETag");
        assertThat(changedPoll).isNotEqualTo(pollTag);
        api.anonymous().header("If-None-Match", changedPoll).get("/polls/" + poll).then().statusCode(304);
    }

    // ---- administering polls

    @Test
    void anAdministratorCreatesAPollWith201AndLocation() {
        Response created = api.as(api.adminToken()).contentType(ContentType.JSON)
                .body("{\"question\":\"Tea or coffee?\",\"description\":\"Mornings only\",\"options\":[\"Tea\",\"Coffee\"],"
                        + "\"closesAt\":\"2099-01-01T00:00:00Z\"}")
                .post("/polls");

        created.then().statusCode(201)
                .body("question", equalTo("Tea or coffee?"))
                .body("description", equalTo("Mornings only"))
                .body("status", equalTo("open"))
                .body("closesAt", equalTo("2099-01-01T00:00:00Z"))
                .body("options.text", equalTo(List.of("Tea", "Coffee")));
        String location = created.header("Location");
        assertThat(location).isEqualTo(api.api() + "/polls/" + created.jsonPath().getLong("id"));
        given().get(location).then().statusCode(200).body("question", equalTo("Tea or coffee?"));
    }

    @Test
    void invalidPollsAre400WithTheFieldAtFault() {
        String admin = api.adminToken();
        Map<String, String> invalid = Map.of(
                "{\"question\":\"  \",\"options\":[\"a\",\"b\"]}", "question",
                "{\"question\":\"" + "q".repeat(301) + "\",\"options\":[\"a\",\"b\"]}", "question",
                "{\"question\":\"q\",\"options\":[\"a\"]}", "options",
                "{\"question\":\"q\",\"options\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}", "options",
                "{\"question\":\"q\",\"options\":[\"a\",\" \"]}", "options",
                "{\"question\":\"q\",\"options\":[\"a\",\"A\"]}", "options",
                "{\"question\":\"q\",\"options\":[\"a\",\"b\"],\"closesAt\":\"2001-01-01T00:00:00Z\"}", "closesAt",
                "{\"options\":[\"a\",\"b\"]}", "question");
        invalid.forEach((body, field) -> problem(api.as(admin).contentType(ContentType.JSON).body(body).post("/polls"),
                400, "/problems/validation").body("errors", hasKey(field)));
    }

    @Test
    void votersMayNotAdministerPolls() {
        String voter = api.newVoterToken();
        long poll = api.newPoll(api.adminToken(), "a", "b");

        problem(api.as(voter).contentType(ContentType.JSON).body("{\"question\":\"q\",\"options\":[\"a\",\"b\"]}")
                .post("/polls"), 403, "/problems/forbidden");
        problem(api.as(voter).post("/polls/" + poll + "/close"), 403, "/problems/forbidden");
        problem(api.as(voter).delete("/polls/" + poll), 403, "/problems/forbidden");
        problem(api.anonymous().delete("/polls/" + poll), 401, "/problems/unauthorized");
        api.anonymous().get("/polls/" + poll).then().statusCode(200).body("status", equalTo("open"));
    }

    @Test
    void closingAPollStopsItsVotesAndDeletingRemovesIt() {
        String admin = api.adminToken();
        long poll = api.newPoll(admin, "a", "b");

        api.as(admin).post("/polls/" + poll + "/close").then().statusCode(200)
                .body("status", equalTo("closed")).body("closesAt", notNullValue());
        problem(vote(api.newVoterToken(), poll, api.optionId(poll, 0)), 409, "/problems/poll-closed");
        api.as(admin).delete("/polls/" + poll).then().statusCode(204);
        problem(api.anonymous().get("/polls/" + poll), 404, "/problems/poll-not-found");
        problem(api.as(admin).delete("/polls/" + poll), 404, "/problems/poll-not-found");
    }

    // ---- votes

    @Test
    void aVoteIs201WithLocationAndASecondVoteIs409AlreadyVoted() {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        String voter = api.newVoterToken();

        vote(voter, poll, api.optionId(poll, 0)).then().statusCode(201)
                .header("Location", equalTo(api.api() + "/polls/" + poll + "/votes/me"))
                .body("pollId", equalTo((int) poll))
                .body("optionId", equalTo((int) api.optionId(poll, 0)))
                .body("castAt", notNullValue());
        problem(vote(voter, poll, api.optionId(poll, 1)), 409, "/problems/already-voted");
        api.anonymous().get("/polls/" + poll + "/results").then().body("totalVotes", equalTo(1));
    }

    @Test
    void anOptionOfAnotherPollIs422AndAnUnknownPollIs404() {
        String admin = api.adminToken();
        long poll = api.newPoll(admin, "a", "b");
        long other = api.newPoll(admin, "c", "d");
        String voter = api.newVoterToken();

        problem(vote(voter, poll, api.optionId(other, 0)), 422, "/problems/option-not-in-poll");
        problem(vote(voter, 999_999_999L, 1), 404, "/problems/poll-not-found");
        problem(api.anonymous().contentType(ContentType.JSON).body("{\"optionId\":1}").post("/polls/" + poll + "/votes"),
                401, "/problems/unauthorized").header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aVoterReadsChangesAndWithdrawsTheirOwnVote() {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        String voter = api.newVoterToken();
        long a = api.optionId(poll, 0);
        long b = api.optionId(poll, 1);

        problem(api.as(voter).get("/polls/" + poll + "/votes/me"), 404, "/problems/no-vote");
        api.as(voter).contentType(ContentType.JSON).body("{\"optionId\":" + a + "}").put("/polls/" + poll + "/votes/me")
                .then().statusCode(201).header("Location", equalTo(api.api() + "/polls/" + poll + "/votes/me"));
        api.as(voter).contentType(ContentType.JSON).body("{\"optionId\":" + b + "}").put("/polls/" + poll + "/votes/me")
                .then().statusCode(200).body("optionId", equalTo((int) b));
        api.as(voter).get("/polls/" + poll + "/votes/me").then().statusCode(200).body("optionId", equalTo((int) b));
        api.anonymous().get("/polls/" + poll + "/results").then().body("options.votes", equalTo(List.of(0, 1)));
        api.as(voter).delete("/polls/" + poll + "/votes/me").then().statusCode(204);
        problem(api.as(voter).get("/polls/" + poll + "/votes/me"), 404, "/problems/no-vote");
        api.anonymous().get("/polls/" + poll + "/results").then().body("totalVotes", equalTo(0));
    }

    @Test
    void concurrentPutsOfOneVoterCastOnceAndChangeTheRest() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        String voter = api.newVoterToken();
        String body = "{\"optionId\":" + api.optionId(poll, 1) + "}";
        int puts = 16;
        ExecutorService clients = Executors.newFixedThreadPool(puts);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < puts; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return api.as(voter).contentType(ContentType.JSON).body(body).put("/polls/" + poll + "/votes/me").statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        } finally {
            clients.shutdownNow();
        }
        api.anonymous().get("/polls/" + poll + "/results").then().body("options.votes", equalTo(List.of(0, 1)));
    }

    @Test
    void aVoterNeverSeesAnotherVotersChoice() {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        String alice = api.newVoter();
        String aliceToken = api.token(alice, ApiClient.PASSWORD);
        String bob = api.newVoterToken();
        vote(aliceToken, poll, api.optionId(poll, 1)).then().statusCode(201);
        String aliceTag = api.as(aliceToken).get("/polls/" + poll).then().statusCode(200)
                .body("myVote.optionId", equalTo((int) api.optionId(poll, 1))).extract().header("ETag");

        api.as(bob).get("/polls/" + poll).then().statusCode(200).body("$", not(hasKey("myVote")));
        api.anonymous().get("/polls/" + poll).then().statusCode(200).body("$", not(hasKey("myVote")));
        problem(api.as(bob).get("/polls/" + poll + "/votes/me"), 404, "/problems/no-vote");
        // Alice's copy is not Bob's: her ETag must not earn him a 304.
        api.as(bob).header("If-None-Match", aliceTag).get("/polls/" + poll).then().statusCode(200)
                .header("Vary", containsString("Authorization"));
        assertThat(api.anonymous().get("/polls/" + poll + "/results").then().statusCode(200)
                .body("totalVotes", equalTo(1)).extract().asString()).doesNotContain(alice);
    }

    @Test
    void aClosedPollKeepsItsVotesFinal() {
        String admin = api.adminToken();
        long poll = api.newPoll(admin, "a", "b");
        String voter = api.newVoterToken();
        vote(voter, poll, api.optionId(poll, 0)).then().statusCode(201);
        api.as(admin).post("/polls/" + poll + "/close").then().statusCode(200);

        problem(api.as(voter).contentType(ContentType.JSON).body("{\"optionId\":" + api.optionId(poll, 1) + "}")
                .put("/polls/" + poll + "/votes/me"), 409, "/problems/poll-closed");
        problem(api.as(voter).delete("/polls/" + poll + "/votes/me"), 409, "/problems/poll-closed");
        api.anonymous().get("/polls/" + poll + "/results").then()
                .body("status", equalTo("closed")).body("totalVotes", equalTo(1));
    }

    // ---- everywhere

    @Test
    void corsAnswersOnlyTheConfiguredOrigins() {
        api.anonymous().header("Origin", "https://evil.example").get("/polls").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        api.anonymous().header("Origin", "https://allowed.example").get("/polls").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://allowed.example"));
        api.anonymous().header("Origin", "https://allowed.example").header("Access-Control-Request-Method", "POST")
                .options("/polls/1/votes").then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo("https://allowed.example"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        api.anonymous().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/polls/1/votes").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndTheBearerScheme() {
        String openapi = given().baseUri(api.serverRoot()).get("/openapi")
                .then().statusCode(200).extract().asString();

        assertThat(openapi).contains("/api/v1/accounts:", "/api/v1/accounts/me:", "/api/v1/auth/token:",
                "/api/v1/polls:", "/api/v1/polls/{id}:", "/api/v1/polls/{id}/results:",
                "/api/v1/polls/{id}/results/stream:", "/api/v1/polls/{id}/close:",
                "/api/v1/polls/{pollId}/votes:", "/api/v1/polls/{pollId}/votes/me:",
                "scheme: bearer", "application/problem+json", "Problem:");
        String page = given().baseUri(base.toString()).get("api-docs.html").then().statusCode(200)
                .extract().asString();
        Matcher bundle = Pattern.compile("src=\"(webjars/swagger-ui/[^\"]+/swagger-ui-bundle\\.js)\"").matcher(page);
        assertThat(bundle.find()).as("api-docs.html loads Swagger UI from its webjar").isTrue();
        // The webjar is excluded from annotation scanning (glassfish-web.xml); its resources must still be served.
        given().baseUri(base.toString()).get(bundle.group(1)).then().statusCode(200)
                .body(containsString("SwaggerUIBundle"));
    }

    @Test
    void metricsCountVotesRejectionsTokensAndFailedLogins() {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        String voter = api.newVoterToken();
        vote(voter, poll, api.optionId(poll, 0)).then().statusCode(201);
        vote(voter, poll, api.optionId(poll, 0)).then().statusCode(409);
        api.anonymous().contentType(ContentType.JSON).body("{\"username\":\"nobody-at-all\",\"password\":\"whatever-it-is\"}")
                .post("/auth/token").then().statusCode(401);

        String metrics = api.applicationMetrics();

        assertThat(metrics).contains("votes_cast_total", "votes_rejected_total", "reason=\"already_voted\"",
                "tokens_issued_total", "logins_failed_total", "vote_request_seconds");
    }

    private Response vote(String token, long poll, long option) {
        return api.as(token).contentType(ContentType.JSON).body("{\"optionId\":" + option + "}")
                .post("/polls/" + poll + "/votes");
    }

    /** Asserts an RFC 9457 problem with this status and type, and no trace of internals. */
    static ValidatableResponse problem(Response response, int status, String type) {
        return response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(type))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }
}
