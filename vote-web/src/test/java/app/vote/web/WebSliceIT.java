package app.vote.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import app.vote.testing.Deployments;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The slice through the web module, over HTTP as a client sees it: the JSON list of polls, the
 * readiness probe, and the Faces pages driven by HtmlUnit with JavaScript off (they must work
 * without it).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebSliceIT {

    private static final String PASSWORD = "correct horse battery";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.shippedWar();
    }

    @ArquillianResource
    URL base;

    private WebClient browser;

    @BeforeEach
    void openBrowser() {
        browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void pollsApiReturnsTheSeededPolls() {
        given().baseUri(base.toString()).queryParam("status", "all").queryParam("size", 100)
                .when().get("api/v1/polls")
                .then().statusCode(200)
                .contentType("application/json")
                .body("items.question", hasItems("Best programming language?", "Favorite web framework?"))
                .body("items.find { it.id == 1 }.options.text", equalTo(List.of("Python", "C++", "Java")))
                .body("items.find { it.id == 2 }.options.text", equalTo(List.of("Flask", "Django", "FastAPI")));
    }

    @Test
    void readinessIsUpWhenTheDatabaseAnswers() {
        given().baseUri(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort())
                .when().get("/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
    }

    /**
     * Reads the kernel's socket table rather than probing another address: the server's HTTP
     * port must be bound to loopback only, and Hazelcast's port must not be open at all.
     */
    @Test
    void theServerListensOnLoopbackOnly() throws IOException {
        List<String> httpListeners = listeningAddresses(base.getPort());

        assertThat(httpListeners).isNotEmpty().allMatch(WebSliceIT::isLoopback);
        assertThat(listeningAddresses(6900)).isEmpty();
    }

    @Test
    void homePageListsTheSameOpenPollsAsTheApiNewestFirst() throws IOException {
        List<String> newestOpen = given().baseUri(base.toString()).queryParam("size", 20)
                .when().get("api/v1/polls")
                .then().statusCode(200).extract().jsonPath().getList("items.question", String.class);

        HtmlPage home = browser.getPage(base);

        assertThat(home.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(newestOpen).isNotEmpty();
        List<String> listed = home.getByXPath("//a[contains(@class,'poll-link')]").stream()
                .map(link -> ((HtmlAnchor) link).getTextContent().strip()).toList();
        assertThat(listed).containsExactlyElementsOf(newestOpen);
    }

    @Test
    void signInWithAWrongPasswordFails() throws IOException {
        String username = register(newUsername());

        HtmlPage result = signIn(browser.getPage(new URL(base, "login.xhtml")), username, "not the password");

        assertThat(result.asNormalizedText()).contains("Wrong username or password.").doesNotContain("Signed in as");
        HtmlPage unknownUser = signIn(browser.getPage(new URL(base, "login.xhtml")), "nobody-" + username, PASSWORD);
        assertThat(unknownUser.asNormalizedText()).contains("Wrong username or password.");
    }

    @Test
    void signInWithTheRightPasswordReachesTheVotePageAndVotesOnce() throws IOException {
        String username = register(newUsername());
        HtmlPage poll = browser.getPage(new URL(base, "poll.xhtml?id=1"));
        int before = totalVotes(poll);

        HtmlPage afterSignIn = signIn(poll.getAnchorByText("Sign in to vote").click(), username, PASSWORD);

        assertThat(afterSignIn.getUrl().toString()).contains("poll.xhtml?id=1");
        assertThat(afterSignIn.asNormalizedText()).contains("Signed in as " + username);
        HtmlRadioButtonInput java = afterSignIn.getFirstByXPath("//input[@type='radio' and following-sibling::label[1][normalize-space()='Java']]");
        java.setChecked(true);
        HtmlPage voted = afterSignIn.getHtmlElementById("vote:submit").click();

        assertThat(voted.asNormalizedText()).contains("Your vote for \"Java\" was counted.").contains("You voted for Java");
        assertThat(totalVotes(voted)).isEqualTo(before + 1);
        assertThat(voted.getElementById("vote:submit")).as("no second vote form").isNull();
    }

    @Test
    void administratorFromVoteAdminPasswordCanSignIn() throws IOException {
        String admin = System.getProperty("vote.it.adminUser");

        HtmlPage home = signIn(browser.getPage(new URL(base, "login.xhtml")), admin,
                System.getProperty("vote.it.adminPassword"));

        assertThat(home.asNormalizedText()).contains("Signed in as " + admin);
    }

    @Test
    void registrationExplainsEachMistakeNextToItsField() throws IOException {
        HtmlPage form = browser.getPage(new URL(base, "register.xhtml"));
        form.getHtmlElementById("register:username").type("A!");
        form.getHtmlElementById("register:password").type("short");

        HtmlPage result = form.getHtmlElementById("register:submit").click();

        assertThat(result.getHtmlElementById("register:username-message").getTextContent())
                .contains("3 to 32 characters");
        assertThat(result.getHtmlElementById("register:password-message").getTextContent())
                .contains("8 to 128 characters");
    }

    @Test
    void registeringATakenUsernameSaysSoPlainly() throws IOException {
        String username = register(newUsername());

        HtmlPage form = browser.getPage(new URL(base, "register.xhtml"));
        form.getHtmlElementById("register:username").type(username);
        form.getHtmlElementById("register:password").type(PASSWORD);
        HtmlPage result = form.getHtmlElementById("register:submit").click();

        assertThat(result.getHtmlElementById("register:username-message").getTextContent())
                .contains("\"" + username + "\" is already taken");
    }

    private String register(String username) throws IOException {
        HtmlPage form = browser.getPage(new URL(base, "register.xhtml"));
        form.getHtmlElementById("register:username").type(username);
        form.getHtmlElementById("register:password").type(PASSWORD);
        HtmlPage result = form.getHtmlElementById("register:submit").click();
        assertThat(result.asNormalizedText()).contains("Account \"" + username + "\" created");
        return username;
    }

    private static HtmlPage signIn(HtmlPage loginPage, String username, String password) throws IOException {
        loginPage.getHtmlElementById("login:username").type(username);
        loginPage.getHtmlElementById("login:password").type(password);
        return loginPage.getHtmlElementById("login:submit").click();
    }

    private static int totalVotes(HtmlPage poll) {
        return Integer.parseInt(poll.getHtmlElementById("totalVotes").getTextContent().strip());
    }

    /** Local addresses (hex, as /proc/net/tcp* shows them) of sockets listening on this port. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                boolean listening = "0A".equals(columns[3]);
                if (listening && columns[1].endsWith(hexPort)) {
                    addresses.add(columns[1].substring(0, columns[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    /** 127.x.x.x in IPv4 (little-endian hex: last byte 7F), ::1, or IPv4-mapped 127.x.x.x in IPv6. */
    private static boolean isLoopback(String hexAddress) {
        return hexAddress.length() == 8 ? hexAddress.endsWith("7F")
                : hexAddress.equals("00000000000000000000000001000000")
                        || (hexAddress.startsWith("0000000000000000FFFF0000") && hexAddress.endsWith("7F"));
    }

    private static String newUsername() {
        return "web-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
