package app.vote.api;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.testing.ApiClient;
import app.vote.testing.Deployments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API under pressure: many requests at once, live results, and a table of malformed
 * requests that must each get a 4xx problem, never a 500 or a stack trace.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiRobustnessIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        // A heartbeat every second instead of every 10, so the tests need not wait for one, room
        // for a few streams only, so that filling it takes a handful, and streams that end after
        // seconds instead of minutes.
        return Deployments.shippedWar().addAsResource(new StringAsset("vote.live.heartbeat-seconds=1\n"
                + "vote.live.max-streams=" + MAX_STREAMS + "\n"
                + "vote.live.max-stream-seconds=" + MAX_STREAM_SECONDS + "\n"), "META-INF/microprofile-config.properties");
    }

    private static final int MAX_STREAMS = 6;
    private static final int MAX_STREAM_SECONDS = 12;

    @ArquillianResource
    URL base;

    private ApiClient api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void client() {
        api = new ApiClient(base);
    }

    /**
     * First, on a server that has not cast a vote yet: every path of the burst is cold, and its
     * transactions hold the pooled connections longest. That is how CI found a pool deadlock in
     * explaining refusals (RELIABILITY.md).
     */
    @Test
    @Order(1)
    void fiftyParallelVotesOfOneAccountGiveExactlyOne201AndForty9409s() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b", "c");
        String token = api.newVoterToken();
        List<Long> options = List.of(api.optionId(poll, 0), api.optionId(poll, 1), api.optionId(poll, 2));

        List<HttpResponse<String>> answers = concurrently(50, i -> vote(token, poll, options.get(i % 3)));

        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).as("answers other than 201 and 409: %s", answersOtherThan(answers, 201, 409))
                .containsOnlyKeys(201, 409).containsEntry(201, 1L).containsEntry(409, 49L);
        assertThat(totalVotes(poll)).isEqualTo(1);
    }

    @Test
    void aHundredAccountsVotingInParallelAreAllCounted() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        long option = api.optionId(poll, 1);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tokens.add(api.newVoterToken());
        }

        List<HttpResponse<String>> answers = concurrently(100, i -> vote(tokens.get(i), poll, option));

        assertThat(answers).as("answers other than 201: %s", answersOtherThan(answers, 201))
                .extracting(HttpResponse::statusCode).containsOnly(201).hasSize(100);
        assertThat(totalVotes(poll)).isEqualTo(100);
    }

    @Test
    void theResultsStreamDeliversTheCurrentResultsThenAnUpdateAfterAVote() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        BlockingQueue<String> events = new ArrayBlockingQueue<>(16);
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create(api.api() + "/polls/" + poll + "/results/stream"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = http.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> readDataLines(stream, events));
        reader.setDaemon(true);
        reader.start();
        try {
            String first = events.poll(30, TimeUnit.SECONDS);
            assertThat(first).contains("\"pollId\":" + poll).contains("\"totalVotes\":0");

            assertThat(vote(api.newVoterToken(), poll, api.optionId(poll, 0)).statusCode()).isEqualTo(201);

            String update = events.poll(30, TimeUnit.SECONDS);
            assertThat(update).as("an event after the vote").isNotNull().contains("\"totalVotes\":1");
        } finally {
            stream.body().close();
        }
    }

    /**
     * A stream that nothing changes still gets a comment line now and then: that is how the server
     * finds the subscribers that have gone, and what keeps the load balancer from cutting it.
     * Browsers ignore comment lines.
     */
    @Test
    void aQuietResultsStreamGetsAHeartbeatComment() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create(api.api() + "/polls/" + poll + "/results/stream"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = http.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(64);
        Thread reader = new Thread(() -> readLines(stream, lines::offer));
        reader.setDaemon(true);
        reader.start();
        try {
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (seen.stream().noneMatch(line -> line.startsWith(":")) && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    seen.add(line);
                }
            }
            assertThat(seen).as("the current results first, then a comment line").anyMatch(line -> line.startsWith("data:"))
                    .anyMatch(line -> line.startsWith(":"));
            assertThat(seen.stream().filter(line -> line.startsWith("data:")).count()).as("no vote, so no second results event")
                    .isEqualTo(1);
        } finally {
            stream.body().close();
        }
    }

    /**
     * Every open poll page holds a results stream, and each costs the server some 34 KB while open,
     * so their number is capped: one more gets a 503 problem with Retry-After instead of the heap
     * running out. A subscriber that vanishes without a word (a closed tab) frees its place once
     * the heartbeats' writes to it fail; before, nothing counted or bounded them.
     */
    @Test
    void resultsStreamsAreCappedAndVanishedSubscribersFreeTheirPlaces() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        // Browsers reach the server over HTTP/1.1 (the load balancer speaks it to its targets): a
        // closed tab closes its connection.
        HttpClient browsers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create(api.api() + "/polls/" + poll + "/results/stream"))
                .header("Accept", "text/event-stream").build();
        awaitOpenStreams(0);

        List<HttpResponse<InputStream>> held = new ArrayList<>();
        for (int i = 0; i < MAX_STREAMS; i++) {
            HttpResponse<InputStream> stream = browsers.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            held.add(stream);
        }
        assertThat(openStreams()).isEqualTo(MAX_STREAMS);
        HttpResponse<String> refused = browsers.send(subscribe, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"status\":503", "live-streams-full", "/results");

        for (HttpResponse<InputStream> stream : held) {
            stream.body().close();
        }
        awaitOpenStreams(0);

        HttpResponse<InputStream> again = browsers.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertThat(again.statusCode()).as("a place is free again").isEqualTo(200);
        } finally {
            again.body().close();
        }
    }

    /**
     * The server ends a stream once it is {@code vote.live.max-stream-seconds} old; the browser's
     * EventSource then opens a new one. A subscriber gone without its connection failing cannot
     * hold a place longer than that, and after a scale-out streams reach the new instances.
     */
    @Test
    void theServerEndsAResultsStreamOnceItReachesItsMaximumAge() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create(api.api() + "/polls/" + poll + "/results/stream"))
                .header("Accept", "text/event-stream").build();
        long opened = System.nanoTime();
        HttpResponse<InputStream> stream = http.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(256);
        CountDownLatch ended = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            readLines(stream, lines::offer);
            ended.countDown();
        });
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(ended.await(MAX_STREAM_SECONDS + 30, TimeUnit.SECONDS)).as("the server ended the stream").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("not before its maximum age")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(MAX_STREAM_SECONDS));
            assertThat(lines).as("a live stream until then: the results, then heartbeats")
                    .anyMatch(line -> line.startsWith("data:")).anyMatch(line -> line.startsWith(":"));
            awaitOpenStreams(0);
        } finally {
            stream.body().close();
        }
    }

    @Test
    void everyMalformedRequestGetsA4xxProblemAndNeverA500() throws Exception {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        String voter = api.newVoterToken();
        String admin = api.adminToken();
        String json = "application/json";
        String votes = "/polls/" + poll + "/votes";
        List<BadRequest> table = List.of(
                new BadRequest("POST", "/accounts", json, "{", null, 400),
                new BadRequest("POST", "/accounts", json, "", null, 400),
                new BadRequest("POST", "/accounts", json, "null", null, 400),
                new BadRequest("POST", "/accounts", json, "[]", null, 400),
                new BadRequest("POST", "/accounts", json, "{\"username\":42,\"password\":true}", null, 400),
                new BadRequest("POST", "/accounts", json, "{\"username\":\"ab\",\"password\":\"long enough\"}", null, 400),
                new BadRequest("POST", "/accounts", json, "{\"username\":\"" + "a".repeat(33) + "\",\"password\":\"long enough\"}", null, 400),
                new BadRequest("POST", "/accounts", json, "{\"username\":\"fine-name\",\"password\":\"" + "p".repeat(129) + "\"}", null, 400),
                new BadRequest("POST", "/accounts", "text/plain", "username=a&password=b", null, 415),
                new BadRequest("POST", "/accounts", "application/x-www-form-urlencoded", "username=a&password=b", null, 415),
                new BadRequest("POST", "/accounts", json, "{\"username\":\"" + "x".repeat(20_000) + "\"}", null, 413),
                new BadRequest("POST", "/auth/token", json, "{\"username\":", null, 400),
                new BadRequest("POST", "/auth/token", json, "{}", null, 400),
                new BadRequest("POST", "/auth/token", "text/xml", "<a/>", null, 415),
                new BadRequest("GET", "/accounts/me", null, null, "Basic dXNlcjpwYXNz", 401),
                new BadRequest("GET", "/accounts/me", null, null, "Bearer ", 401),
                new BadRequest("GET", "/accounts/me", null, null, "Bearer a.b.c", 401),
                new BadRequest("GET", "/polls?status=maybe", null, null, null, 400),
                new BadRequest("GET", "/polls?size=101", null, null, null, 400),
                new BadRequest("GET", "/polls?size=0", null, null, null, 400),
                new BadRequest("GET", "/polls?page=-1", null, null, null, 400),
                new BadRequest("GET", "/polls?page=abc", null, null, null, 400),
                new BadRequest("GET", "/polls?size=99999999999999999999", null, null, null, 400),
                new BadRequest("GET", "/polls/abc", null, null, null, 404),
                new BadRequest("GET", "/polls/-1", null, null, null, 404),
                new BadRequest("GET", "/polls/1.5", null, null, null, 404),
                new BadRequest("GET", "/polls/1%20OR%201=1", null, null, null, 404),
                new BadRequest("GET", "/polls/1%27%20OR%201=1", null, null, null, 404),
                new BadRequest("PATCH", "/polls", json, "{}", null, 405),
                new BadRequest("PUT", "/polls", json, "{}", null, 405),
                new BadRequest("POST", votes, json, "{\"optionId\":\"abc\"}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "{\"optionId\":1e400}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "{\"optionId\":99999999999999999999999}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "{\"optionId\":null}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "{}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "{\"optionId\":[1]}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "{\"optionId\":1.5}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "{\"optionId\":1,\"optionId\":2}", "Bearer " + voter, 422),
                new BadRequest("POST", votes, json, "{\"optionId\":" + "[".repeat(5000) + "}", "Bearer " + voter, 400),
                new BadRequest("POST", votes, json, "\u0000\u0001", "Bearer " + voter, 400),
                new BadRequest("POST", votes, "text/plain", "1", "Bearer " + voter, 415),
                new BadRequest("POST", votes, json, "{\"optionId\":1}", "Bearer " + voter, 422),
                new BadRequest("POST", "/polls", json, "{\"question\":[],\"options\":\"a\"}", "Bearer " + admin, 400),
                new BadRequest("POST", "/polls", json, "{\"question\":\"q\",\"options\":[\"a\",\"b\"],\"closesAt\":\"yesterday\"}", "Bearer " + admin, 400),
                new BadRequest("POST", "/polls", json, "{\"question\":\"<script>alert(1)</script>'; DROP TABLE poll;--\",\"options\":[\"a\"]}", "Bearer " + admin, 400),
                new BadRequest("DELETE", "/polls/abc", null, null, "Bearer " + admin, 404),
                new BadRequest("POST", "/polls/" + poll + "/close", null, null, "Bearer " + voter, 403));

        List<String> failures = new ArrayList<>();
        for (BadRequest bad : table) {
            HttpResponse<String> response = http.send(bad.toRequest(api.api()), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            boolean ok = response.statusCode() == bad.expectedStatus()
                    && response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                    && body.contains("\"status\":" + bad.expectedStatus())
                    && !body.contains("Exception") && !body.contains("\tat ") && !body.contains("SELECT");
            if (!ok) {
                failures.add(bad + " -> " + response.statusCode() + " " + body);
            }
        }

        // A path that climbs out of the API (%2F is decoded, then ".." normalised) is an ordinary
        // page address: the pages' own 404, still without a trace of internals.
        HttpResponse<String> traversal = http.send(HttpRequest.newBuilder(URI.create(api.api() + "/polls/..%2F..%2F..%2Fetc%2Fpasswd"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (traversal.statusCode() != 404 || traversal.body().contains("root:") || traversal.body().contains("Exception")) {
            failures.add("path traversal -> " + traversal.statusCode() + " " + traversal.body());
        }

        assertThat(table).hasSizeGreaterThanOrEqualTo(30);
        assertThat(failures).isEmpty();
        assertThat(totalVotes(poll)).isZero();
    }

    record BadRequest(String method, String path, String contentType, String body, String authorization, int expectedStatus) {

        HttpRequest toRequest(String api) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return request.build();
        }

        @Override
        public String toString() {
            return method + " " + path + " [" + contentType + "] " + (body == null ? "" : body.substring(0, Math.min(body.length(), 60)));
        }
    }

    private HttpResponse<String> vote(String token, long poll, long option) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(api.api() + "/polls/" + poll + "/votes"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"optionId\":" + option + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a failed assertion should show: the status and problem of each unexpected answer. */
    private static List<String> answersOtherThan(List<HttpResponse<String>> answers, Integer... expected) {
        List<Integer> statuses = List.of(expected);
        return answers.stream().filter(answer -> !statuses.contains(answer.statusCode()))
                .map(answer -> answer.statusCode() + " " + answer.body()).toList();
    }

    private int totalVotes(long poll) {
        return api.anonymous().get("/polls/" + poll + "/results").then().statusCode(200)
                .extract().jsonPath().getInt("totalVotes");
    }

    /** Runs {@code count} calls on as many threads, released together so they really overlap. */
    private static <T> List<T> concurrently(int count, Function<Integer, T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = Stream.iterate(0, i -> i + 1).limit(count)
                    .map(i -> pool.submit(() -> {
                        start.await();
                        return call.apply(i);
                    }))
                    .toList();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void readDataLines(HttpResponse<InputStream> stream, BlockingQueue<String> events) {
        readLines(stream, line -> {
            if (line.startsWith("data:")) {
                events.offer(line.substring(5).strip());
            }
        });
    }

    /** The server's gauge of open results streams. */
    private long openStreams() {
        String metrics = api.applicationMetrics();
        Matcher gauge = Pattern.compile("(?m)^vote_live_streams(?:\\{[^}]*})? ([0-9.]+)$").matcher(metrics);
        assertThat(gauge.find()).as("the gauge vote_live_streams in %s", metrics).isTrue();
        return (long) Double.parseDouble(gauge.group(1));
    }

    /** Waits for the gauge to read {@code expected}: a vanished subscriber is noticed after a few heartbeats. */
    private void awaitOpenStreams(long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long open = openStreams();
        while (open != expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
            open = openStreams();
        }
        assertThat(open).as("open results streams").isEqualTo(expected);
    }

    private static void readLines(HttpResponse<InputStream> stream, Consumer<String> each) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                each.accept(line);
            }
        } catch (IOException closed) {
            // the test closed the stream
        }
    }
}
