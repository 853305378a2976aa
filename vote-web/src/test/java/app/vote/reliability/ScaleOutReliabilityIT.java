package app.vote.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.reliability.VoteStorm.PollUnderTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.Test;

/**
 * Production grows by adding Fargate tasks behind the ALB, sharing one PostgreSQL. Here: two
 * Payara Micro instances started at the same moment on an empty schema, behind HAProxy with the
 * ALB's kind of cookie stickiness, a vote storm through it, and one instance killed mid-storm.
 */
class ScaleOutReliabilityIT {

    @Test
    void twoInstancesBehindAStickyLoadBalancerCountEveryVoteOnceEvenWhenOneIsKilled() throws Exception {
        StormDatabase database = StormDatabase.freshPostgresSchema("scale");
        String prefix = ReliabilityRun.usernamePrefix("scale");
        Map<String, String> settings = ReliabilityRun.serverSettings(database,
                Map.of("vote.jwt.private-key-file", sharedSigningKey().toString()));
        try (PayaraMicroProcess a = PayaraMicroProcess.named("instance-a", settings);
                PayaraMicroProcess b = PayaraMicroProcess.named("instance-b", settings);
                LoadBalancer balancer = new LoadBalancer()) {
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();
            assertThat(migrationsApplied(database)).as("each migration applied once though both raced for it")
                    .containsExactly("1:1", "2:1", "3:1", "4:1");

            balancer.start(List.of(a, b));
            URI entry = balancer.baseUri();
            assertThat(servedBy(entry)).as("requests without a cookie go round-robin")
                    .containsExactlyInAnyOrder("instance-a", "instance-b");
            signedInVoterStaysOnOneInstanceAndTheOtherDoesNotKnowTheSession(entry, a, b, prefix);

            List<PollUnderTest> polls = ReliabilityRun.createPolls(entry);
            VoteStorm storm = new VoteStorm(() -> entry, prefix, polls, ReliabilityRun.CLIENTS, 11)
                    .start(ReliabilityRun.VOTERS);
            storm.awaitAcknowledgements(ReliabilityRun.VOTERS / 3, Duration.ofMinutes(3));
            long acknowledgedAtKill = storm.acknowledgements();
            b.killHard();
            storm.awaitEnd(ReliabilityRun.STORM_LIMIT);
            System.out.printf("[reliability] scale-out: instance-b killed after %d acknowledgements; %s%n",
                    acknowledgedAtKill, storm.stats());

            long balancerErrors = storm.stats().count("502") + storm.stats().count("503");
            long cutOff = balancerErrors + storm.stats().count("broken") + storm.stats().count("timed_out");
            assertThat(storm.stats().serverErrors() - balancerErrors).as("5xx other than the balancer's 502/503").isZero();
            assertThat(cutOff).as("only requests in flight on the killed instance are cut off")
                    .isLessThanOrEqualTo(ReliabilityRun.CLIENTS);
            assertThat(storm.votersFinished()).isGreaterThanOrEqualTo(ReliabilityRun.VOTERS - (int) cutOff);
            assertThat(storm.acknowledgements()).isGreaterThan(acknowledgedAtKill);
            ReliabilityRun.auditVotes("two instances, one killed", storm, database.stored(), prefix);
            assertThat(ReliabilityRun.apiCounts(a.baseUri(), polls))
                    .isEqualTo(ReliabilityRun.databaseCounts(database.stored(), polls));
        }
    }

    /**
     * The choice the CloudFormation makes (ALB stickiness, not session replication): a signed-in
     * voter's requests all reach the instance that holds the session, and the proof that this
     * matters: the same session cookie sent to the other instance is not signed in there.
     */
    private static void signedInVoterStaysOnOneInstanceAndTheOtherDoesNotKnowTheSession(URI entry,
            PayaraMicroProcess a, PayaraMicroProcess b, String prefix) throws Exception {
        String username = "web-" + prefix.substring(0, prefix.length() - 1);
        VoteStorm.newVoterToken(entry, username);
        Set<String> servers = new HashSet<>();
        try (WebClient browser = new WebClient()) {
            browser.getOptions().setJavaScriptEnabled(false);
            browser.getOptions().setCssEnabled(false);
            browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
            HtmlPage poll = browser.getPage(new URL(entry + "/poll.xhtml?id=1"));
            servers.add(poll.getWebResponse().getResponseHeaderValue("X-Served-By"));
            HtmlPage login = poll.getAnchorByText("Sign in to vote").click();
            login.getHtmlElementById("login:username").type(username);
            login.getHtmlElementById("login:password").type(VoteStorm.PASSWORD);
            HtmlPage signedIn = login.getHtmlElementById("login:submit").click();
            assertThat(signedIn.asNormalizedText()).contains("Signed in as " + username);
            for (int i = 0; i < 6; i++) {
                HtmlPage page = browser.getPage(new URL(entry + "/poll.xhtml?id=1"));
                servers.add(page.getWebResponse().getResponseHeaderValue("X-Served-By"));
                assertThat(page.asNormalizedText()).contains("Signed in as " + username);
            }
            HtmlPage again = browser.getPage(new URL(entry + "/poll.xhtml?id=1"));
            HtmlRadioButtonInput first = again.getFirstByXPath("//input[@type='radio']");
            first.setChecked(true);
            HtmlPage voted = again.getHtmlElementById("vote:submit").click();
            servers.add(voted.getWebResponse().getResponseHeaderValue("X-Served-By"));
            assertThat(voted.asNormalizedText()).contains("was counted");
            assertThat(servers).as("every request of the signed-in voter on one instance").hasSize(1);

            String session = browser.getCookieManager().getCookie("JSESSIONID").getValue();
            PayaraMicroProcess other = servers.contains(a.name()) ? b : a;
            HttpResponse<String> elsewhere = Exchange.newClient().send(HttpRequest.newBuilder(
                    other.baseUri().resolve("/my-votes.xhtml")).header("Cookie", "JSESSIONID=" + session).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(elsewhere.statusCode()).as("the other instance does not know the session").isEqualTo(302);
            assertThat(elsewhere.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("login"));
            Cookie sticky = browser.getCookieManager().getCookie("AWSALB");
            assertThat(sticky).as("the balancer's stickiness cookie").isNotNull();
        }
    }

    /** Which instances answer requests without a cookie, once the balancer's health checks pass. */
    private static Set<String> servedBy(URI entry) throws Exception {
        // HTTP/1.1 as the ALB speaks to targets: with an h2c upgrade HAProxy would only tunnel.
        HttpClient http = Exchange.newClient();
        Set<String> servers = new HashSet<>();
        List<Integer> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (servers.size() < 2 && System.nanoTime() < deadline) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(entry.resolve("/api/v1/polls")).build(),
                    HttpResponse.BodyHandlers.discarding());
            statuses.add(response.statusCode());
            response.headers().firstValue("X-Served-By").ifPresent(servers::add);
            PayaraMicroProcess.sleep(Duration.ofMillis(100));
        }
        System.out.printf("[reliability] round-robin: %s answered, statuses %s%n", servers, statuses);
        return servers;
    }

    /** "version:times applied" for each successful migration in Flyway's history. */
    private static List<String> migrationsApplied(StormDatabase database) throws Exception {
        List<String> applied = new ArrayList<>();
        try (Connection connection = database.stored().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, COUNT(*) FROM flyway_schema_history"
                        + " WHERE success AND version IS NOT NULL GROUP BY version ORDER BY version")) {
            while (rows.next()) {
                applied.add(rows.getString(1) + ":" + rows.getLong(2));
            }
        }
        return applied;
    }

    /** A PKCS#8 key both instances read, as ECS tasks share one secret. */
    private static Path sharedSigningKey() throws Exception {
        Path key = Path.of(ReliabilitySettings.workDir(), "shared-signing-key.pem");
        if (!Files.exists(key)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                            generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(key, pem);
        }
        return key;
    }
}
