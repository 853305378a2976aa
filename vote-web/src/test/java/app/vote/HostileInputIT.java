package app.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.vote.testing.ApiClient;
import app.vote.testing.Deployments;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a hostile client gets: a deterministic fuzzer over every API endpoint and method, forged
 * and tampered Faces forms, passwords kept out of the server log and out of every answer, and the
 * sign-in throttle under 200 rapid guesses. Whatever is sent, the answer is a 4xx or a correct 2xx,
 * never a 5xx or a trace of the internals, and nothing is stored that should not be.
 *
 * <p>The throttle also counts failures per client address, and every test client is on this
 * machine. So the fuzzer and the throttle measurements each send from an address of their own in
 * 127.0.0.0/8 (Linux routes all of it to loopback, where the server listens on 127.0.0.1): their
 * wrong passwords never lock out the other tests, whatever order JUnit runs them in.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileInputIT {

    /** Printed with the results, so a failing run can be replayed exactly. */
    private static final long FUZZ_SEED = 20_261_128L;

    /** Text that only leaks out of a server through a stack trace, an exception message or a SQL error. */
    private static final List<String> TRACE_MARKERS = List.of("Exception", "\tat ", "at app.vote", "at java.",
            "org.eclipse", "org.h2", "org.postgresql", "org.glassfish", "com.sun.", "jakarta.", "SQLState",
            "SQL statement", "SELECT ", "INSERT INTO", "Internal Exception", "Caused by");

    /** The same for pages, which name jakarta.faces.* themselves (the view state field, resource URLs). */
    private static final String[] PAGE_TRACE_MARKERS = {"Exception", "\tat ", "at app.vote", "org.eclipse", "com.sun.faces",
        "jakarta.faces.application", "jakarta.el", "SQLState", "SELECT ", "Caused by"};

    /** A page that fails while rendering; the server logs its failure, which tells the log reader it has read everything before. */
    private static final String LOG_FLUSH_PAGE = """
            <ui:composition template="/WEB-INF/templates/layout.xhtml"
                            xmlns="http://www.w3.org/1999/xhtml" xmlns:ui="jakarta.faces.facelets">
                <ui:define name="content">#{facesContext.noSuchPropertyToFlushTheLog}</ui:define>
            </ui:composition>
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.shippedWar().addAsWebResource(new StringAsset(LOG_FLUSH_PAGE), "it-log-flush.xhtml");
    }

    @ArquillianResource
    URL base;

    private ApiClient api;
    private WebClient browser;

    @BeforeEach
    void open() {
        api = new ApiClient(base);
        browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
    }

    @AfterEach
    void close() {
        browser.close();
    }

    // ---- the API fuzzer

    @Test
    void hundredsOfHostileApiRequestsGetOnly4xxOrCorrect2xxAndTheServerStaysHealthy() throws Exception {
        String admin = api.adminToken();
        String voterName = api.newVoter();
        String voter = api.token(voterName, ApiClient.PASSWORD);
        long poll = api.newPoll(admin, "a", "b");
        long option = api.optionId(poll, 0);

        List<FuzzRequest> requests = new Fuzzer(new Random(FUZZ_SEED), poll, option, voterName, voter, admin).requests();

        Map<Integer, Integer> histogram = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Long> createdPolls = new ArrayList<>();
        long started = System.nanoTime();
        try (CloseableHttpClient client = clientFrom("127.0.0.2")) {
            for (FuzzRequest request : requests) {
                FuzzResponse response = send(client, request);
                histogram.merge(response.status(), 1, Integer::sum);
                String failure = judge(request, response);
                if (failure != null) {
                    failures.add(request + " -> " + response.status() + " " + response.contentType() + " "
                            + abbreviate(response.body(), 300) + " (" + failure + ")");
                }
                if (response.status() == 201 && request.path().equals("/polls")) {
                    createdPolls.add(Long.valueOf(response.location().replaceAll(".*/", "")));
                }
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("API fuzzer: seed %d, %d requests in %d ms, status histogram %s, %d failures%n",
                FUZZ_SEED, requests.size(), millis, histogram, failures.size());
        failures.stream().limit(40).forEach(f -> System.out.println("  " + f));

        // The polls the fuzzer managed to create are valid polls with hostile texts: remove them, so
        // that test classes sharing this database later do not list them.
        for (long created : createdPolls) {
            api.as(admin).delete("/polls/" + created).then().statusCode(204);
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(500);
        assertThat(failures).isEmpty();
        io.restassured.RestAssured.given().baseUri(api.serverRoot()).get("/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"));
        long fresh = api.newPoll(admin, "still", "working");
        api.as(api.newVoterToken()).contentType(ContentType.JSON).body("{\"optionId\":" + api.optionId(fresh, 1) + "}")
                .post("/polls/" + fresh + "/votes").then().statusCode(201);
        api.anonymous().get("/polls/" + fresh + "/results").then().statusCode(200)
                .body("totalVotes", equalTo(1)).body("options[1].votes", equalTo(1));
    }

    /** What is wrong with this answer to this request, or null when nothing is. */
    private static String judge(FuzzRequest request, FuzzResponse response) {
        if (response.status() < 0) {
            return "no answer: " + response.body();
        }
        if (response.status() >= 500) {
            return "server error";
        }
        String sent = request.text();
        // A path that climbs out of the API reaches the pages, which name jakarta.faces.* themselves.
        for (String marker : request.mayLeaveTheApi() ? List.of(PAGE_TRACE_MARKERS) : TRACE_MARKERS) {
            if (response.body().contains(marker) && !sent.contains(marker)) {
                return "leaks '" + marker + "'";
            }
        }
        if (response.status() >= 400 && !response.body().isEmpty() && !request.mayLeaveTheApi()
                && !response.contentType().startsWith("application/problem+json")) {
            return "an error that is not a problem";
        }
        boolean success = response.status() >= 200 && response.status() < 300;
        if (success && request.method().equals("OPTIONS")) {
            return response.body().matches("[A-Z, ]*") ? null : "OPTIONS says more than the allowed methods";
        }
        if (success && !response.body().isEmpty() && !response.contentType().startsWith("application/json")) {
            return "a success that is not JSON";
        }
        if (response.status() >= 200 && response.status() < 300 && !request.successPossible()) {
            return "accepted what must be refused";
        }
        return null;
    }

    private FuzzResponse send(CloseableHttpClient client, FuzzRequest fuzz) {
        RequestBuilder builder = RequestBuilder.create(fuzz.method()).setUri(URI.create(api.api() + fuzz.path()));
        if (fuzz.body() != null) {
            ByteArrayEntity entity = new ByteArrayEntity(fuzz.body());
            entity.setChunked(fuzz.chunked());
            builder.setEntity(entity);
        }
        fuzz.headers().forEach(builder::setHeader);
        HttpUriRequest request = builder.build();
        try (CloseableHttpResponse response = client.execute(request)) {
            HttpEntity entity = response.getEntity();
            String contentType = entity == null || entity.getContentType() == null ? "" : entity.getContentType().getValue();
            String location = response.getFirstHeader("Location") == null ? "" : response.getFirstHeader("Location").getValue();
            if (contentType.startsWith("text/event-stream")) {
                // A live results stream never ends: its status and type are the answer.
                request.abort();
                return new FuzzResponse(response.getStatusLine().getStatusCode(), contentType, "", location);
            }
            String body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
            return new FuzzResponse(response.getStatusLine().getStatusCode(), contentType, body, location);
        } catch (IOException e) {
            return new FuzzResponse(-1, "", e.toString(), "");
        }
    }

    /** An HTTP client that connects from this loopback address, sends bytes as given and follows nothing. */
    private static CloseableHttpClient clientFrom(String loopbackAddress) throws IOException {
        return HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setLocalAddress(InetAddress.getByName(loopbackAddress))
                        .setConnectTimeout(10_000)
                        .setSocketTimeout(60_000)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .build();
    }

    record FuzzRequest(String kind, String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
                       boolean successPossible, boolean mayLeaveTheApi) {

        /** Everything the request said, to tell an echo of the input from a leak of the server's internals. */
        String text() {
            return method + " " + path + " " + headers + " " + (body == null ? "" : new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : abbreviate(new String(body, StandardCharsets.UTF_8), 80);
            return "[" + kind + "] " + method + " " + abbreviate(path, 100) + " " + headers.getOrDefault("Content-Type", "")
                    + (chunked ? " chunked" : "") + " " + shown;
        }
    }

    record FuzzResponse(int status, String contentType, String body, String location) {
    }

    /**
     * The requests: a catalogue of hostile values put into every field of every JSON body, hostile
     * whole bodies (broken JSON, invalid UTF-8, NUL bytes, deep nesting, 1 MiB) sent to every endpoint
     * that takes one, hostile ids in every path, hostile query parameters, every method on every path,
     * wrong content types, bad Authorization headers, and seeded random mutations of valid bodies.
     */
    static final class Fuzzer {

        private static final String JSON = "application/json";
        private static final int MIB = 1024 * 1024;

        /** JSON values that are wrong for some field: other types, boundaries, huge numbers, injection, traversal, odd Unicode. */
        static final List<String> HOSTILE_VALUES = List.of(
                "null", "true", "false", "0", "-1", "-0", "1.5", "1e400", "-1e400", "1E-400",
                "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                "123456789012345678901234567890123456789", "0.0000000000000000000000001",
                "\"\"", "\" \"", "\"1\"", "\"abc\"", "\"" + "x".repeat(10_000) + "\"",
                "\"' OR '1'='1\"", "\"1; DROP TABLE vote; --\"", "\"admin'--\"", "\"\\\" OR \\\"\\\"=\\\"\"",
                "\"<script>alert(1)</script>\"", "\"<img src=x onerror=alert(1)>\"", "\"${jndi:ldap://127.0.0.1/x}\"",
                "\"#{facesContext.externalContext}\"", "\"{{7*7}}\"", "\"../../../../etc/passwd\"",
                "\"..\\\\..\\\\windows\\\\win.ini\"", "\"%00\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\uffff\"",
                "\"\u202Eevil\u202C\"", "\"\uD83D\uDDF3\uFE0F\uD83D\uDCA5\"", "\"2001-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"not-a-date\"",
                "[]", "{}", "[null]", "[\"a\",\"a\"]", "[\"a\"]", "[1,2,3]", "[" + "\"o\",".repeat(200) + "\"o\"]",
                "{\"$ne\":null}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                "[".repeat(2000) + "]".repeat(2000));

        /** Whole bodies that are not the JSON an endpoint expects, as raw bytes. */
        static final List<byte[]> HOSTILE_BODIES = List.of(
                bytes(""), bytes(" "), bytes("{"), bytes("}"), bytes("{\"a\":"), bytes("nul"), bytes("{\"a\":1}{\"b\":2}"),
                bytes("{} trailing"), bytes("{\"optionId\":1,}"), bytes("{'username':'a'}"), bytes("/* comment */ {}"),
                bytes("\uFEFF{}"), bytes("\"just a string\""), bytes("12345"), bytes("[{}]"),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD},
                new byte[] {'{', '"', 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                new byte[] {0, 0, 0, 0}, bytes("{\"username\":\"a\u0000b\",\"password\":\"\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\"}"),
                bytes("{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)),
                bytes("[".repeat(100_000)),
                bytes("{" + "\"k\":1,".repeat(2_000) + "\"k\":1}"),
                "{\"username\":\"utf16\"}".getBytes(StandardCharsets.UTF_16));

        private final Random random;
        private final long poll;
        private final long option;
        private final String voterName;
        private final String voter;
        private final String admin;
        private final List<FuzzRequest> requests = new ArrayList<>();

        Fuzzer(Random random, long poll, long option, String voterName, String voter, String admin) {
            this.random = random;
            this.poll = poll;
            this.option = option;
            this.voterName = voterName;
            this.voter = voter;
            this.admin = admin;
        }

        /** One endpoint that takes a JSON body, its fields with valid values, and who may call it. */
        private record BodyEndpoint(String method, String path, String token, Map<String, String> validFields) {

            String body(String field, String value) {
                StringBuilder json = new StringBuilder("{");
                validFields.forEach((name, valid) -> json.append(json.length() > 1 ? "," : "")
                        .append('"').append(name).append("\":").append(name.equals(field) ? value : valid));
                return json.append('}').toString();
            }
        }

        List<FuzzRequest> requests() {
            String runId = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> account = new TreeMap<>(Map.of("username", "\"fz-" + runId + "\"",
                    "password", "\"correct horse battery\""));
            Map<String, String> credentials = new TreeMap<>(Map.of("username", "\"" + voterName + "\"",
                    "password", "\"not the password\""));
            Map<String, String> newPoll = new TreeMap<>(Map.of("question", "\"Fuzzed?\"", "description", "null",
                    "options", "[\"a\",\"b\"]", "closesAt", "null"));
            Map<String, String> vote = Map.of("optionId", Long.toString(option));
            List<BodyEndpoint> endpoints = List.of(
                    new BodyEndpoint("POST", "/accounts", null, account),
                    new BodyEndpoint("POST", "/auth/token", null, credentials),
                    new BodyEndpoint("POST", "/polls", admin, newPoll),
                    new BodyEndpoint("POST", "/polls/" + poll + "/votes", voter, vote),
                    new BodyEndpoint("PUT", "/polls/" + poll + "/votes/me", voter, vote));

            for (BodyEndpoint endpoint : endpoints) {
                for (String field : endpoint.validFields().keySet()) {
                    for (String value : HOSTILE_VALUES) {
                        json("field " + field, endpoint, endpoint.body(field, value), true);
                    }
                }
                for (String element : HOSTILE_VALUES.subList(0, 20)) {
                    if (endpoint.validFields().containsKey("options")) {
                        json("option", endpoint, endpoint.body("options", "[" + element + ",\"b\"]"), true);
                    }
                }
                for (byte[] body : HOSTILE_BODIES) {
                    add("body", endpoint.method(), endpoint.path(), headers(JSON, endpoint.token()), body, false, false, false);
                }
                // Duplicate keys: the last one wins (as ApiRobustnessIT pins down), so these may succeed.
                for (String field : endpoint.validFields().keySet()) {
                    String twice = endpoint.body("", "").replaceFirst("\\{", "{\"" + field + "\":\"first\",");
                    json("duplicate key", endpoint, twice, true);
                }
                String valid = endpoint.body("", "");
                for (String type : List.of("", "text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/json; charset=UTF-16", "application/json; charset=nonsense",
                        "application/problem+json", "*/*", "json", "application/json;;;;=", "text/html; charset=utf-8")) {
                    // JSON is UTF-8 whatever a charset parameter says (RFC 8259), so even the UTF-16 one may succeed.
                    add("content type", endpoint.method(), endpoint.path(), headers(type, endpoint.token()), bytes(valid),
                            false, type.contains("json"), false);
                }
                String huge = "{\"username\":\"" + "x".repeat(MIB) + "\"}";
                add("1 MiB", endpoint.method(), endpoint.path(), headers(JSON, endpoint.token()), bytes(huge), false, false, false);
                add("1 MiB", endpoint.method(), endpoint.path(), headers(JSON, endpoint.token()), bytes(huge), true, false, false);
                add("1 MiB", endpoint.method(), endpoint.path(), headers(JSON, endpoint.token()), randomBytes(MIB), true, false, false);
                for (int i = 0; i < 20; i++) {
                    add("mutation", endpoint.method(), endpoint.path(), headers(JSON, endpoint.token()), mutate(valid), false, true, false);
                }
                for (int i = 0; i < 10; i++) {
                    add("random json", endpoint.method(), endpoint.path(), headers(JSON, endpoint.token()),
                            bytes(randomJson(0)), false, true, false);
                }
            }
            hostileIds();
            hostileQueries();
            everyMethodOnEveryPath();
            hostileHeaders();
            return requests;
        }

        /** Path segments where a poll id belongs: none of them names an existing poll. */
        private void hostileIds() {
            List<String> ids = List.of("0", "-1", "-0", "9223372036854775807", "9223372036854775808",
                    "99999999999999999999999", "1.0", "1e3", "0x1F", "abc", "%20", "1%20OR%201%3D1", "1'%20OR%20'1'%3D'1",
                    "1%3BDROP%20TABLE%20poll", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%00", "0%00", "%FF", "%C0%AF",
                    "%E2%80%AE0", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D", "~", "null", "undefined", "NaN");
            List<String> traversals = List.of("..%2F..%2F..%2Fetc%2Fpasswd", "..%252F..%252Fetc%252Fpasswd", "%2e%2e%2f%2e%2e%2f",
                    "..%5C..%5Cwindows", "..;", "....%2F%2F", "%2F%2Fetc%2Fpasswd", "..", ".");
            for (String id : ids) {
                ids(id, false);
            }
            for (String id : traversals) {
                ids(id, true);
            }
        }

        private void ids(String id, boolean traversal) {
            add("id", "GET", "/polls/" + id, headers(null, null), null, false, false, traversal);
            add("id", "GET", "/polls/" + id, headers(null, voter), null, false, false, traversal);
            add("id", "GET", "/polls/" + id + "/results", headers(null, null), null, false, false, traversal);
            add("id", "GET", "/polls/" + id + "/results/stream", headers(null, null), null, false, false, traversal);
            add("id", "POST", "/polls/" + id + "/close", headers(null, admin), null, false, false, traversal);
            add("id", "DELETE", "/polls/" + id, headers(null, admin), null, false, false, traversal);
            add("id", "POST", "/polls/" + id + "/votes", headers(JSON, voter), bytes("{\"optionId\":" + option + "}"), false, false, traversal);
            add("id", "GET", "/polls/" + id + "/votes/me", headers(null, voter), null, false, false, traversal);
            add("id", "PUT", "/polls/" + id + "/votes/me", headers(JSON, voter), bytes("{\"optionId\":" + option + "}"), false, false, traversal);
            add("id", "DELETE", "/polls/" + id + "/votes/me", headers(null, voter), null, false, false, traversal);
        }

        private void hostileQueries() {
            List<String> values = List.of("", "-1", "2147483648", "1e2", "0x10", "%00", "%FF", "1%20OR%201%3D1",
                    "%27%3B--", "%3Cscript%3E", "ALL", "open%00", "x".repeat(4_000), "%2e%2e%2f");
            for (String value : values) {
                boolean fine = value.equals("ALL");
                add("query", "GET", "/polls?status=" + value, headers(null, null), null, false, fine || value.isEmpty(), false);
                add("query", "GET", "/polls?page=" + value, headers(null, null), null, false, false, false);
                add("query", "GET", "/polls?size=" + value, headers(null, null), null, false, false, false);
            }
            add("query", "GET", "/polls?size=1&size=1000&page=0&page=-5", headers(null, null), null, false, true, false);
            add("query", "GET", "/polls?status%5B%24ne%5D=open", headers(null, null), null, false, true, false);
        }

        /** Every path with every method, as a voter: the admin-only ones must be refused, not run. */
        private void everyMethodOnEveryPath() {
            List<String> paths = List.of("/accounts", "/accounts/me", "/auth/token", "/polls", "/polls/" + poll,
                    "/polls/" + poll + "/results", "/polls/" + poll + "/close", "/polls/" + poll + "/votes",
                    "/polls/" + poll + "/votes/me", "/polls/" + poll + "/nothing-here", "/no-such-resource");
            for (String path : paths) {
                for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "X-HOSTILE")) {
                    boolean readOrOwnVote = List.of("GET", "HEAD", "OPTIONS").contains(method) || path.endsWith("/votes/me");
                    add("method", method, path, headers(null, voter), null, false, readOrOwnVote, false);
                }
            }
        }

        private void hostileHeaders() {
            List<String> authorizations = List.of("Bearer", "Bearer ", "Bearer " + "a".repeat(8_000), "Bearer ..",
                    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJpdC1hZG1pbiIsImdyb3VwcyI6WyJhZG1pbiJdfQ.",
                    "Bearer " + voter + "x", "Bearer " + voter.substring(0, voter.lastIndexOf('.') + 1),
                    "Basic aXQtYWRtaW46aW50ZWdyYXRpb24tdGVzdC1hZG1pbg==", "Digest username=\"x\"", "Bearer ' OR 1=1 --",
                    "Bearer \u00ff\u00fe");
            for (String authorization : authorizations) {
                Map<String, String> headers = new TreeMap<>(Map.of("Authorization", authorization));
                add("authorization", "GET", "/accounts/me", headers, null, false, false, false);
                headers = new TreeMap<>(headers);
                headers.put("Content-Type", JSON);
                add("authorization", "POST", "/polls", headers, bytes("{\"question\":\"q\",\"options\":[\"a\",\"b\"]}"), false, false, false);
            }
            for (String accept : List.of("application/xml", "text/html", "*/*;q=0", "application/json;q=abc", "image/png")) {
                add("accept", "GET", "/polls/" + poll, new TreeMap<>(Map.of("Accept", accept)), null, false, true, false);
                add("accept", "GET", "/polls/999999999", new TreeMap<>(Map.of("Accept", accept)), null, false, false, false);
            }
            for (String tag : List.of("*", "\"", "W/", "\"" + "x".repeat(4_000) + "\"", "\"a\", \"b\", *")) {
                add("if-none-match", "GET", "/polls/" + poll + "/results", new TreeMap<>(Map.of("If-None-Match", tag)),
                        null, false, true, false);
            }
        }

        private void json(String kind, BodyEndpoint endpoint, String body, boolean successPossible) {
            add(kind, endpoint.method(), endpoint.path(), headers(JSON, endpoint.token()), bytes(body), false, successPossible, false);
        }

        private void add(String kind, String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
                boolean successPossible, boolean mayLeaveTheApi) {
            requests.add(new FuzzRequest(kind, method, path, headers, body, chunked, successPossible, mayLeaveTheApi));
        }

        private static Map<String, String> headers(String contentType, String token) {
            Map<String, String> headers = new TreeMap<>();
            if (contentType != null && !contentType.isEmpty()) {
                headers.put("Content-Type", contentType);
            }
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return headers;
        }

        /** A valid body with a few random edits: characters dropped, doubled, swapped for hostile ones, or cut off. */
        private byte[] mutate(String valid) {
            byte[] hostile = {'"', '\\', '{', '}', '[', ']', ',', ':', 0, (byte) 0xFF, (byte) 0xC3, '9', '-', 'e', '\n'};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] in = bytes(valid);
            int cut = random.nextInt(10) == 0 ? random.nextInt(in.length) : in.length;
            for (int i = 0; i < cut; i++) {
                int dice = random.nextInt(12);
                if (dice == 0) {
                    continue;
                }
                out.write(dice == 1 ? hostile[random.nextInt(hostile.length)] : in[i]);
                if (dice == 2) {
                    out.write(in[i]);
                }
            }
            return out.toByteArray();
        }

        /** A random JSON value of random shape and types, at most a few levels deep. */
        private String randomJson(int depth) {
            int kind = random.nextInt(depth > 3 ? 4 : 6);
            return switch (kind) {
                case 0 -> random.nextBoolean() ? "null" : Boolean.toString(random.nextBoolean());
                case 1 -> random.nextBoolean() ? Long.toString(random.nextLong()) : random.nextDouble() * 1e300 + "";
                case 2 -> "\"" + randomText() + "\"";
                case 3 -> HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size() - 1));
                case 4 -> {
                    StringBuilder array = new StringBuilder("[");
                    for (int i = random.nextInt(4); i > 0; i--) {
                        array.append(randomJson(depth + 1)).append(i > 1 ? "," : "");
                    }
                    yield array.append(']').toString();
                }
                default -> {
                    List<String> names = List.of("username", "password", "question", "description", "options", "closesAt", "optionId", "id");
                    StringBuilder object = new StringBuilder("{");
                    for (int i = random.nextInt(5); i > 0; i--) {
                        object.append('"').append(names.get(random.nextInt(names.size()))).append("\":")
                                .append(randomJson(depth + 1)).append(i > 1 ? "," : "");
                    }
                    yield object.append('}').toString();
                }
            };
        }

        private String randomText() {
            String alphabet = "abcXYZ019 .-_'<>&;%$#{}/\\\u00e9\u4e2d\uD83D\uDDF3";
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                text.append(c == '\\' ? "\\\\" : Character.isSurrogate(c) ? "\u00fc" : String.valueOf(c));
            }
            return text.toString();
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return bytes;
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    // ---- tampered Faces forms

    @Test
    void forgedViewStatesShowTheExpiredPageAndStoreNothing() throws IOException {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        signIn(api.newVoter());
        List<String> forged = List.of("-1:-1", "0:0", "", "1234567890:1234567890", "x".repeat(5_000),
                "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAAAeA==",
                "' OR 1=1 --", "../../WEB-INF/web.xml", "\u0000");

        for (String viewState : forged) {
            HtmlPage page = browser.getPage(new URL(base, "poll.xhtml?id=" + poll));
            choose(page, 0);
            ((HtmlForm) page.getHtmlElementById("vote")).getInputByName("jakarta.faces.ViewState").setValue(viewState);

            HtmlPage answer = page.getHtmlElementById("vote:submit").click();

            assertFriendlyRefusal(answer, "view state " + abbreviate(viewState, 20), "Page expired", "Nothing was changed");
        }
        assertNoVotes(poll);
    }

    @Test
    void aFormWithoutItsViewStateIsNoPostbackAndStoresNothing() throws IOException {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        signIn(api.newVoter());
        HtmlPage page = browser.getPage(new URL(base, "poll.xhtml?id=" + poll));
        choose(page, 1);
        ((HtmlForm) page.getHtmlElementById("vote")).getInputByName("jakarta.faces.ViewState").remove();

        HtmlPage answer = page.getHtmlElementById("vote:submit").click();

        // Without its view state the POST is no postback, only a visit of poll.xhtml, whose form
        // address names no poll: the friendly "not found" page.
        assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(404);
        assertThat(answer.asNormalizedText()).contains("Page not found", "Back to the polls");
        assertNoTrace(answer, "no view state");
        assertNoVotes(poll);
    }

    @Test
    void optionIdsOfAnotherPollOrGarbageInTheVoteFormAreRefusedAndStoreNothing() throws IOException {
        String admin = api.adminToken();
        long poll = api.newPoll(admin, "a", "b");
        long other = api.newPoll(admin, "c", "d");
        signIn(api.newVoter());

        for (String value : List.of(Long.toString(api.optionId(other, 0)), "-1", "99999999999999999999", "abc",
                "1 OR 1=1", "<script>alert(1)</script>", "")) {
            HtmlPage page = browser.getPage(new URL(base, "poll.xhtml?id=" + poll));
            HtmlRadioButtonInput radio = choose(page, 0);
            radio.setAttribute("value", value);

            HtmlPage answer = page.getHtmlElementById("vote:submit").click();

            assertThat(answer.getWebResponse().getStatusCode()).as(value).isEqualTo(200);
            assertThat(answer.getHtmlElementById("vote:option-message").getTextContent()).as(value).isNotBlank();
            assertNoTrace(answer, "option " + value);
        }
        assertNoVotes(poll);
        assertNoVotes(other);
    }

    @Test
    void aPollIdSmuggledIntoTheVotePostCannotMoveTheVoteToAnotherPoll() throws IOException {
        String admin = api.adminToken();
        long poll = api.newPoll(admin, "a", "b");
        long other = api.newPoll(admin, "c", "d");
        long closed = api.newPoll(admin, "e", "f");
        api.as(admin).post("/polls/" + closed + "/close").then().statusCode(200);
        signIn(api.newVoter());

        for (String id : List.of(Long.toString(other), Long.toString(closed), "999999999", "abc", "")) {
            HtmlPage page = browser.getPage(new URL(base, "poll.xhtml?id=" + poll));
            choose(page, 0);
            HtmlForm form = page.getHtmlElementById("vote");
            String action = form.getActionAttribute();
            form.setActionAttribute(action.contains("id=") ? action.replaceAll("([?&])id=[^&]*", "$1id=" + id)
                    : action + (action.contains("?") ? "&" : "?") + "id=" + id);

            HtmlPage answer = page.getHtmlElementById("vote:submit").click();

            // The vote is for the poll the form showed, whatever id the POST carries.
            assertThat(answer.getWebResponse().getStatusCode()).as(id).isEqualTo(200);
            assertThat(answer.getUrl().getQuery()).as(id).matches("(.*&)?id=" + poll + "(&.*)?");
            assertThat(answer.asNormalizedText()).as(id).contains("You voted for a");
            assertNoTrace(answer, "poll id " + id);
        }
        api.anonymous().get("/polls/" + poll + "/results").then().statusCode(200)
                .body("totalVotes", equalTo(1)).body("options[0].votes", equalTo(1));
        assertNoVotes(other);
        assertNoVotes(closed);
    }

    @Test
    void aVotePostedWithoutASessionShowsTheExpiredPageAndStoresNothing() throws IOException {
        long poll = api.newPoll(api.adminToken(), "a", "b");
        signIn(api.newVoter());
        HtmlPage page = browser.getPage(new URL(base, "poll.xhtml?id=" + poll));
        choose(page, 0);
        browser.getCookieManager().clearCookies();

        HtmlPage answer = page.getHtmlElementById("vote:submit").click();

        assertFriendlyRefusal(answer, "no session", "Page expired", "Nothing was changed");
        assertNoVotes(poll);
    }

    /**
     * A sign-in form opened before signing in in another tab has no view state (a visitor who is
     * not signed in gets transient views); posted once its visitor is signed in, it is an expired
     * page, not a server error.
     */
    @Test
    void aSignInFormOpenedBeforeSigningInElsewhereShowsTheExpiredPage() throws IOException {
        String username = api.newVoter();
        HtmlPage leftOpen = browser.getPage(new URL(base, "login.xhtml"));
        signIn(username);
        leftOpen.getHtmlElementById("login:username").type(username);
        leftOpen.getHtmlElementById("login:password").type(ApiClient.PASSWORD);

        HtmlPage answer = leftOpen.getHtmlElementById("login:submit").click();

        assertFriendlyRefusal(answer, "stale sign-in form", "Page expired", "Nothing was changed");
    }

    private void assertFriendlyRefusal(HtmlPage answer, String what, String... texts) {
        assertThat(answer.getWebResponse().getStatusCode()).as(what + ": the client's fault, not the server's")
                .isBetween(400, 499);
        assertThat(answer.asNormalizedText()).as(what).contains(texts).contains("Back to the polls");
        assertNoTrace(answer, what);
    }

    private static void assertNoTrace(HtmlPage page, String what) {
        assertThat(page.getWebResponse().getContentAsString()).as(what + ": nothing of the internals in the page")
                .doesNotContain(PAGE_TRACE_MARKERS);
    }

    private HtmlRadioButtonInput choose(HtmlPage page, int index) {
        List<HtmlRadioButtonInput> radios = page.getByXPath("//input[@type='radio' and @name='vote:option']");
        radios.get(index).setChecked(true);
        return radios.get(index);
    }

    private void assertNoVotes(long poll) {
        api.anonymous().get("/polls/" + poll + "/results").then().statusCode(200).body("totalVotes", equalTo(0));
    }

    private HtmlPage signIn(String username) throws IOException {
        return signIn(username, ApiClient.PASSWORD);
    }

    private HtmlPage signIn(String username, String password) throws IOException {
        HtmlPage login = browser.getPage(new URL(base, "login.xhtml"));
        login.getHtmlElementById("login:username").type(username);
        login.getHtmlElementById("login:password").type(password);
        return login.getHtmlElementById("login:submit").click();
    }

    // ---- passwords

    @Test
    void aRecognisablePasswordIsNeverLoggedNorSentBack() throws Exception {
        String password = "Pw-" + UUID.randomUUID() + "-secret";
        String wrong = "Wrong-" + UUID.randomUUID();
        List<String> answers = new ArrayList<>();
        String username = "pw-" + UUID.randomUUID().toString().substring(0, 12);
        ServerLog log = ServerLog.capture();
        try {
            answers.add(post("/accounts", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", 201));
            answers.add(post("/accounts", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", 409));
            answers.add(post("/accounts", "{\"username\":\"no spaces allowed\",\"password\":\"" + password + "\"}", 400));
            answers.add(post("/accounts", "{\"username\":\"" + username + "x\",\"password\":\"" + password.repeat(4) + "\"}", 400));
            answers.add(post("/accounts", "{\"username\":\"" + username + "y\",\"password\":\"" + password + "\",}", 400));
            answers.add(post("/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + wrong + "\"}", 401));
            answers.add(post("/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", 200));
            answers.add(post("/auth/token", "{\"username\":\"" + username + "\",\"password\":" + password + "}", 400));
            answers.add(signIn(username, wrong).getWebResponse().getContentAsString());
            answers.add(signIn(username, password).getWebResponse().getContentAsString());
            browser.getCookieManager().clearCookies();
            HtmlPage register = browser.getPage(new URL(base, "register.xhtml"));
            register.getHtmlElementById("register:username").type("Not valid!");
            register.getHtmlElementById("register:password").type(password);
            answers.add(register.getHtmlElementById("register:submit").click().getWebResponse().getContentAsString());

            browser.getPage(new URL(base, "it-log-flush.xhtml"));
            log.awaitLine("noSuchPropertyToFlushTheLog", Duration.ofSeconds(30));
        } finally {
            log.stop();
        }

        assertThat(answers).hasSize(11).noneMatch(answer -> answer.contains(password) || answer.contains(wrong));
        assertThat(log.text()).as("the server's log while the passwords were used")
                .contains("noSuchPropertyToFlushTheLog").doesNotContain(password).doesNotContain(wrong);
        System.out.printf("Server log read while the passwords were used: %d characters, neither password in it%n",
                log.text().length());
    }

    private String post(String path, String json, int status) {
        return api.anonymous().contentType(ContentType.JSON).body(json).post(path)
                .then().statusCode(status).extract().asString();
    }

    /**
     * The server's log, as the Arquillian connector copies Payara Micro's output line by line to
     * this JVM's {@code System.out} (read anew for every line): a copy of System.out collects it.
     */
    static final class ServerLog {

        private final PrintStream original;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        private ServerLog(PrintStream original) {
            this.original = original;
        }

        static ServerLog capture() {
            ServerLog log = new ServerLog(System.out);
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    log.original.write(b);
                    synchronized (log.copy) {
                        log.copy.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    log.original.write(bytes, offset, length);
                    synchronized (log.copy) {
                        log.copy.write(bytes, offset, length);
                    }
                }
            }, true, StandardCharsets.UTF_8));
            return log;
        }

        String text() {
            synchronized (copy) {
                return copy.toString(StandardCharsets.UTF_8);
            }
        }

        void awaitLine(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!text().contains(text) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        void stop() {
            System.setOut(original);
        }
    }

    // ---- the sign-in throttle

    @Test
    void twoHundredRapidWrongPasswordsForOneAccountAreAlmostAllRefusedUnchecked() throws Exception {
        String username = api.newVoter();
        RequestSpecification attacker = from("127.0.0.3");
        List<Integer> statuses = new ArrayList<>();
        long firstRefusalMillis = -1;
        long started = System.nanoTime();

        for (int attempt = 0; attempt < 200; attempt++) {
            int status = token(attacker, username, "wrong guess " + attempt).statusCode();
            statuses.add(status);
            if (status == 429 && firstRefusalMillis < 0) {
                firstRefusalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int checkedBeforeRefusal = statuses.indexOf(429);
        long checked = statuses.stream().filter(s -> s == 401).count();
        System.out.printf("Login throttle, one account: %d attempts in %d ms; %d passwords checked before the first 429 "
                        + "(after %d ms), %d checked in all, %d refused unchecked%n",
                statuses.size(), elapsedMillis, checkedBeforeRefusal, firstRefusalMillis, checked, statuses.size() - checked);

        assertThat(statuses).containsOnly(401, 429);
        // Five free failures (vote.login.account-free-failures), the sixth locks the account for 1 s.
        assertThat(checkedBeforeRefusal).isEqualTo(6);
        // After that each lock doubles (1 s, 2 s, 4 s ...): within t seconds at most log2(t + 1) + 1 more checks.
        double seconds = elapsedMillis / 1000.0;
        assertThat(checked).isLessThanOrEqualTo(6 + (long) Math.ceil(Math.log(seconds + 1) / Math.log(2)) + 1);

        lockForMoreThanASecond(attacker, username);
        Response refused = token(attacker, username, ApiClient.PASSWORD);
        assertThat(refused.statusCode()).as("the right password while locked").isEqualTo(429);
        long wait = Long.parseLong(refused.header("Retry-After"));
        assertThat(wait).isBetween(1L, 16L);
        Thread.sleep(wait * 1000 + 300);
        assertThat(token(attacker, username, ApiClient.PASSWORD).statusCode()).as("the right password after the wait")
                .isEqualTo(200);
    }

    @Test
    void twoHundredWrongPasswordsSpreadOverAccountsFromOneAddressAreStoppedByTheAddressThrottle() throws Exception {
        RequestSpecification attacker = from("127.0.0.4");
        String victim = api.newVoter();
        List<Integer> statuses = new ArrayList<>();
        long started = System.nanoTime();

        for (int attempt = 0; attempt < 200; attempt++) {
            statuses.add(token(attacker, "guess-" + attempt + "-" + victim, "wrong guess " + attempt).statusCode());
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int checkedBeforeRefusal = statuses.indexOf(429);
        long checked = statuses.stream().filter(s -> s == 401).count();
        System.out.printf("Login throttle, 200 accounts from one address: %d attempts in %d ms; %d checked before the first 429, "
                + "%d checked in all%n", statuses.size(), elapsedMillis, checkedBeforeRefusal, checked);

        assertThat(statuses).containsOnly(401, 429);
        // Twenty free failures per address (vote.login.address-free-failures), the 21st locks the address.
        assertThat(checkedBeforeRefusal).isEqualTo(21);
        assertThat(checked).isLessThanOrEqualTo(21 + (long) Math.ceil(Math.log(elapsedMillis / 1000.0 + 1) / Math.log(2)) + 1);
        lockForMoreThanASecond(attacker, "guess-last-" + victim);
        assertThat(token(attacker, victim, ApiClient.PASSWORD).statusCode()).as("that address, even with a right password")
                .isEqualTo(429);
        assertThat(token(api.anonymous(), victim, ApiClient.PASSWORD).statusCode()).as("everyone else").isEqualTo(200);
    }

    /**
     * Sends wrong guesses until one is refused with more than a second of its lock left. The loop
     * above may end just as a 1 s lock lapses; a request sent right after this one meets a lock for
     * certain instead of racing its end.
     */
    private static void lockForMoreThanASecond(RequestSpecification attacker, String username) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Response guess = token(attacker, username, "one more wrong guess");
            assertThat(guess.statusCode()).isIn(401, 429);
            if (guess.statusCode() == 429 && Long.parseLong(guess.header("Retry-After")) >= 2) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no lock of more than a second within 20 s of wrong guesses for " + username);
    }

    /** API requests sent from this loopback address, so the address throttle sees a client of its own. */
    private RequestSpecification from(String loopbackAddress) throws IOException {
        return api.anonymous().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.route.local-address", InetAddress.getByName(loopbackAddress))));
    }

    private static Response token(RequestSpecification client, String username, String password) {
        return client.contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .post("/auth/token");
    }

    private static String abbreviate(String text, int length) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= length ? oneLine : oneLine.substring(0, length) + "…(" + text.length() + ")";
    }
}
