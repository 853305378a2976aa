package app.vote.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import app.vote.testing.ApiClient;
import app.vote.testing.Deployments;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.NameValuePair;
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
 * The slice through the web module, over HTTP as a client sees it: the JSON list of polls, the
 * readiness probe, the Faces pages driven by HtmlUnit with JavaScript off (they must work
 * without it), and what every response promises about security: headers, cookies, error pages,
 * sign-in throttling. The journeys in a real browser are {@link VotingJourneysBrowserIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebSliceIT {

    private static final String PASSWORD = "correct horse battery";

    /** A page that fails while rendering, to see what a visitor gets from an unexpected error. */
    private static final String BROKEN_PAGE = """
            <ui:composition template="/WEB-INF/templates/layout.xhtml"
                            xmlns="http://www.w3.org/1999/xhtml" xmlns:ui="jakarta.faces.facelets">
                <ui:define name="content">#{facesContext.noSuchProperty}</ui:define>
            </ui:composition>
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.shippedWar().addAsWebResource(new StringAsset(BROKEN_PAGE), "it-broken.xhtml");
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

    /**
     * The seeded polls are the oldest, so on a database other tests have filled they are the last
     * two items of the listing (newest first): on its last page, or split over the last two.
     */
    @Test
    void pollsApiReturnsTheSeededPolls() {
        int size = 100;
        long total = given().baseUri(base.toString()).queryParam("status", "all").queryParam("size", 1)
                .when().get("api/v1/polls").then().statusCode(200).extract().jsonPath().getLong("totalItems");
        long lastPage = (total - 1) / size;
        List<Map<String, Object>> oldest = new ArrayList<>();
        for (long page = Math.max(0, lastPage - 1); page <= lastPage; page++) {
            oldest.addAll(given().baseUri(base.toString()).queryParam("status", "all").queryParam("size", size)
                    .queryParam("page", page)
                    .when().get("api/v1/polls")
                    .then().statusCode(200).contentType("application/json")
                    .extract().jsonPath().getList("items"));
        }
        assertThat(optionTexts(oldest, 1)).containsExactly("Python", "C++", "Java");
        assertThat(optionTexts(oldest, 2)).containsExactly("Flask", "Django", "FastAPI");
        assertThat(oldest).extracting(item -> item.get("question"))
                .contains("Best programming language?", "Favorite web framework?");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> optionTexts(List<Map<String, Object>> items, long pollId) {
        return items.stream().filter(item -> ((Number) item.get("id")).longValue() == pollId)
                .flatMap(item -> ((List<Map<String, Object>>) item.get("options")).stream())
                .map(option -> option.get("text"))
                .toList();
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
    void homePageListsTheApisOpenPollsNewestFirstEachLinkingToItsPage() throws IOException {
        List<String> newestOpen = given().baseUri(base.toString()).queryParam("size", 20)
                .when().get("api/v1/polls")
                .then().statusCode(200).extract().jsonPath().getList("items.question", String.class);

        HtmlPage home = browser.getPage(base);
        assertThat(home.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(newestOpen).isNotEmpty();
        List<String> listed = home.getByXPath("//a[contains(@class,'poll-link')]").stream()
                .map(link -> ((HtmlAnchor) link).getTextContent().strip()).toList();
        assertThat(listed).containsExactlyElementsOf(newestOpen);
        HtmlPage firstPoll = ((HtmlAnchor) home.getFirstByXPath("//a[@class='poll-link']")).click();
        assertThat(firstPoll.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(firstPoll.getHtmlElementById("question").getTextContent().strip()).isEqualTo(newestOpen.get(0));

        // The seeded polls are the oldest: other tests' polls may push them to a later page of 20.
        List<String> questions = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (HtmlPage page = home; page != null; ) {
            List<HtmlAnchor> polls = page.getByXPath("//a[@class='poll-link']");
            assertThat(polls).hasSizeLessThanOrEqualTo(20);
            polls.forEach(a -> {
                questions.add(a.getTextContent());
                links.add(a.getHrefAttribute());
            });
            HtmlAnchor older = page.getFirstByXPath("//a[@id='older']");
            page = older == null ? null : older.click();
        }
        assertThat(questions).contains("Best programming language?", "Favorite web framework?");
        assertThat(links).as("no poll on two pages").doesNotHaveDuplicates();
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
        assertThat(afterSignIn.getElementById("navAdmin")).as("a voter's menu has no administration").isNull();
        HtmlRadioButtonInput java = afterSignIn.getFirstByXPath("//input[@type='radio' and following-sibling::label[1][normalize-space()='Java']]");
        java.setChecked(true);
        HtmlPage voted = afterSignIn.getHtmlElementById("vote:submit").click();

        assertThat(voted.asNormalizedText()).contains("Your vote for \"Java\" was counted.").contains("You voted for Java");
        assertThat(totalVotes(voted)).isEqualTo(before + 1);
        // The form left is for changing that vote, never for a second one: the total stays.
        assertThat(voted.getHtmlElementById("vote:submit").getAttribute("value")).isEqualTo("Change my vote");
        HtmlRadioButtonInput python = voted.getFirstByXPath("//input[@type='radio' and following-sibling::label[1][normalize-space()='Python']]");
        python.setChecked(true);
        HtmlPage changed = voted.getHtmlElementById("vote:submit").click();
        assertThat(changed.asNormalizedText()).contains("Your vote is now \"Python\".").contains("You voted for Python");
        assertThat(totalVotes(changed)).isEqualTo(before + 1);
        HtmlPage withdrawn = changed.getHtmlElementById("withdraw:submit").click();
        assertThat(withdrawn.asNormalizedText()).contains("Your vote was withdrawn.").doesNotContain("You voted for");
        assertThat(totalVotes(withdrawn)).isEqualTo(before);
        assertThat(withdrawn.getHtmlElementById("vote:submit").getAttribute("value")).isEqualTo("Vote");
    }

    @Test
    void administratorFromVoteAdminPasswordCanSignIn() throws IOException {
        String admin = System.getProperty("vote.it.adminUser");

        HtmlPage home = signIn(browser.getPage(new URL(base, "login.xhtml")), admin,
                System.getProperty("vote.it.adminPassword"));

        assertThat(home.asNormalizedText()).contains("Signed in as " + admin);
        assertThat(home.getElementById("navAdmin")).as("the administrator's menu links to the administration").isNotNull();
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

    @Test
    void everyResponseCarriesTheSecurityHeadersAndPagesNeedNoInlineScriptOrStyle() throws IOException {
        for (String path : List.of("", "poll.xhtml?id=1", "login.xhtml", "register.xhtml", "no-such-page.xhtml")) {
            Response response = given().baseUri(base.toString()).redirects().follow(false).when().get(path);
            String policy = response.header("Content-Security-Policy");
            assertThat(policy).as(path).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .containsPattern("script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}';").doesNotContain("unsafe-inline");
            assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("same-origin");
            assertThat(response.header("Strict-Transport-Security")).as("no HSTS over plain HTTP").isNull();
            String html = response.body().asString();
            assertThat(html).as(path + ": no inline event handlers or style attributes")
                    .doesNotContainPattern("\\son[a-z]+=\"").doesNotContain(" style=\"");
            Matcher nonce = Pattern.compile("'nonce-([^']+)'").matcher(policy);
            assertThat(nonce.find()).isTrue();
            Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
            while (scripts.find()) {
                assertThat(scripts.group(1)).as(path + ": every script carries this response's nonce")
                        .contains("nonce=\"" + nonce.group(1) + "\"");
            }
        }
        given().baseUri(base.toString()).when().get("poll.xhtml?id=1")
                .then().body(containsString("/js/live.js"), containsString("/api/v1/polls/1/results/stream\""));
    }

    /**
     * Whoever is not signed in gets no session from any page, however often they come: Faces keeps
     * no view state for them. Before, every request without cookies left a session holding its
     * view's state for half an hour, and about 36,000 of them (half a minute of a crawler or an
     * attacker) filled a 384 MB heap (PERFORMANCE.md section 24). Their forms still work: the
     * sign-in and registration tests here post them.
     */
    @Test
    void aVisitorWhoIsNotSignedInGetsNoSessionFromAnyPage() {
        ApiClient api = new ApiClient(base);
        long poll = api.newPoll(api.adminToken(), "yes", "no");
        for (String path : List.of("", "index.xhtml?status=closed", "poll.xhtml?id=" + poll, "poll.xhtml?id=1", "login.xhtml",
                "register.xhtml", "no-such-page.xhtml", "poll.xhtml?id=999999999", "it-broken.xhtml")) {
            for (int visit = 0; visit < 3; visit++) {
                Response response = given().baseUri(base.toString()).redirects().follow(false).when().get(path);
                assertThat(response.statusCode()).as(path).isIn(200, 404, 500);
                assertThat(response.headers().getValues("Set-Cookie")).as(path + " starts no session").isEmpty();
                assertThat(response.body().asString()).as(path + ": no view state kept on the server")
                        .doesNotContainPattern("jakarta.faces.ViewState\"[^>]*value=\"-?[0-9]");
            }
        }
        Response cssOverHttps = given().baseUri(base.toString()).header("X-Forwarded-Proto", "https")
                .when().get("jakarta.faces.resource/css/app.css.xhtml");
        assertThat(cssOverHttps.statusCode()).isEqualTo(200);
        assertThat(cssOverHttps.header("Strict-Transport-Security")).startsWith("max-age=");
        assertThat(cssOverHttps.header("Cache-Control")).as("static assets are cached").contains("max-age=86400");
    }

    /**
     * A protected page sends a visitor who is not signed in to sign in with the way back in the
     * address, not in a session (FormSignInScope): the container's own redirect kept the request in
     * a new session, one per anonymous request, with a cookie set before any filter could add
     * SameSite. The address is relative, so behind the load balancer it keeps the visitor on HTTPS.
     * A POST, PUT or DELETE is told to see the sign-in page (303) the same way. That the way back
     * works is shown by protectedPagesSendAnonymousVisitorsToSignInAndBackAndRefuseVoters.
     */
    @Test
    void aProtectedPageSendsAVisitorWhoIsNotSignedInToSignInWithoutStartingASession() {
        String signInPage = base.getPath() + "login.xhtml?continue=";
        Map<String, String> pages = Map.of("my-votes.xhtml", "%2Fmy-votes.xhtml",
                "admin/polls.xhtml?page=0&delete=3", "%2Fadmin%2Fpolls.xhtml%3Fpage%3D0%26delete%3D3",
                "admin/new-poll.xhtml", "%2Fadmin%2Fnew-poll.xhtml");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            for (Map<String, String> scheme : List.of(Map.<String, String>of(), Map.of("X-Forwarded-Proto", "https"))) {
                Response response = given().baseUri(base.toString()).headers(scheme).redirects().follow(false).when().get(page.getKey());
                assertThat(response.statusCode()).as(page.getKey()).isEqualTo(302);
                assertThat(response.header("Location")).as(page.getKey()).isEqualTo(signInPage + page.getValue());
                assertThat(response.headers().getValues("Set-Cookie")).as(page.getKey() + " starts no session").isEmpty();
            }
            for (String method : List.of("POST", "PUT", "DELETE")) {
                Response response = given().baseUri(base.toString()).redirects().follow(false).when().request(method, page.getKey());
                assertThat(response.statusCode()).as(method + " " + page.getKey()).isEqualTo(303);
                assertThat(response.header("Location")).as(method + " " + page.getKey()).isEqualTo(signInPage + page.getValue());
                assertThat(response.headers().getValues("Set-Cookie")).as(method + " " + page.getKey() + " starts no session").isEmpty();
            }
        }
    }

    /**
     * The sign-in and registration forms have no view state to stop another site posting them (the
     * views of visitors who are not signed in are transient), so the browser's own word on where a
     * POST comes from is checked: a cross-site one is refused before Faces sees it, and nobody is
     * signed in by it.
     */
    @Test
    void aFormPostAnotherSiteMadeTheBrowserSendIsRefused() throws IOException {
        String username = register(newUsername());
        for (Map<String, String> from : List.of(Map.of("Origin", "https://evil.example"), Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site", "Origin", "https://sub." + base.getHost()))) {
            Response forged = postSignIn(from, username, "stateless");
            assertThat(forged.statusCode()).as(from.toString()).isEqualTo(403);
            assertThat(forged.headers().getValues("Set-Cookie")).as(from + ": nobody signed in").isEmpty();
        }
        Response sameOrigin = postSignIn(Map.of("Sec-Fetch-Site", "same-origin", "Origin", base.getProtocol() + "://" + base.getAuthority()),
                username, "stateless");
        assertThat(sameOrigin.statusCode()).isIn(302, 303);
        assertThat(sameOrigin.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("JSESSIONID="));
    }

    /**
     * Not only pages: JSON, problems, a 401, static resources and the error pages carry the same
     * browser-side defences; the API, which is stateless, never starts a session. (The redirect of
     * a protected page to the sign-in is sent by the container before any filter runs; it has no
     * body to protect.)
     */
    @Test
    void apiResponsesResourcesAndErrorPagesCarryTheSecurityHeadersToo() {
        for (String path : List.of("api/v1/polls", "api/v1/polls/abc", "api/v1/polls/999999999", "api/v1/accounts/me",
                "jakarta.faces.resource/css/app.css.xhtml", "it-broken.xhtml", "WEB-INF/web.xml")) {
            Response response = given().baseUri(base.toString()).redirects().follow(false).when().get(path);
            assertThat(response.header("Content-Security-Policy")).as(path)
                    .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'").doesNotContain("unsafe-inline");
            assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("same-origin");
            if (path.startsWith("api/")) {
                assertThat(response.headers().getValues("Set-Cookie")).as(path + ": the API keeps no session").isEmpty();
            }
        }
    }

    /**
     * The session the sign-in starts is HttpOnly and SameSite=Lax, and Secure behind HTTPS (and only
     * there). Sent by hand, since a browser would not return a Secure cookie over the plain HTTP of
     * the test server.
     */
    @Test
    void theSignedInSessionCookieIsHttpOnlyAndSameSiteLaxAndSecureBehindHttps() throws IOException {
        String username = register(newUsername());
        for (boolean https : List.of(true, false)) {
            Map<String, String> scheme = https ? Map.of("X-Forwarded-Proto", "https") : Map.of();
            Response form = given().baseUri(base.toString()).headers(scheme).when().get("login.xhtml");
            Matcher viewState = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(form.body().asString());
            assertThat(viewState.find()).isTrue();

            Response signedIn = postSignIn(scheme, username, viewState.group(1));

            assertThat(signedIn.statusCode()).isIn(302, 303);
            assertThat(signedIn.headers().getValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                    .singleElement().satisfies(cookie -> {
                        assertThat(cookie).contains("HttpOnly", "SameSite=Lax");
                        if (https) {
                            assertThat(cookie).contains("Secure");
                        } else {
                            assertThat(cookie).doesNotContain("Secure");
                        }
                    });
        }
    }

    /** Every administration page and action, as a signed-in voter: refused, and nothing changes. */
    @Test
    void aVoterIsRefusedEveryAdministrationPageAndAction() throws IOException {
        ApiClient api = new ApiClient(base);
        long poll = api.newPoll(api.adminToken(), "a", "b");
        signIn(browser.getPage(new URL(base, "login.xhtml")), register(newUsername()), PASSWORD);

        for (String path : List.of("admin/polls.xhtml", "admin/new-poll.xhtml", "admin/polls.xhtml?delete=" + poll,
                "admin/polls.xhtml?page=0&delete=" + poll)) {
            HtmlPage page = browser.getPage(new URL(base, path));
            assertThat(page.getWebResponse().getStatusCode()).as(path).isEqualTo(403);
            assertThat(page.asNormalizedText()).as(path).contains("Not allowed").doesNotContain("Delete this poll");
        }
        // The buttons' POSTs, as an administrator's browser would send them (the voter cannot have their view state).
        List<WebRequest> actions = List.of(
                post("admin/polls.xhtml", "polls", "polls:rows:0:close", "Close"),
                post("admin/polls.xhtml?delete=" + poll, "confirmDelete", "confirmDelete:submit", "Delete"),
                post("admin/new-poll.xhtml", "newPoll", "newPoll:submit", "Create", "newPoll:question", "Voter's poll?",
                        "newPoll:options:0:option", "a", "newPoll:options:1:option", "b"));
        for (WebRequest action : actions) {
            assertThat(browser.getPage(action).getWebResponse().getStatusCode()).as(action.getUrl().toString()).isEqualTo(403);
        }

        api.anonymous().get("/polls/" + poll).then().statusCode(200).body("status", equalTo("open"));
        assertThat(api.anonymous().queryParam("status", "all").queryParam("size", 100).get("/polls")
                .then().extract().jsonPath().getList("items.question", String.class)).doesNotContain("Voter's poll?");
    }

    /** Another voter's choice shows nowhere: not on the poll page, not in "My votes". */
    @Test
    void aVoterSeesOnlyTheirOwnChoice() throws IOException {
        ApiClient api = new ApiClient(base);
        long poll = api.newPoll(api.adminToken(), "mine", "theirs");
        api.as(api.newVoterToken()).contentType("application/json").body("{\"optionId\":" + api.optionId(poll, 1) + "}")
                .post("/polls/" + poll + "/votes").then().statusCode(201);

        HtmlPage anonymous = browser.getPage(new URL(base, "poll.xhtml?id=" + poll));
        assertThat(anonymous.asNormalizedText()).doesNotContain("You voted for");
        signIn(browser.getPage(new URL(base, "login.xhtml")), register(newUsername()), PASSWORD);
        HtmlPage page = browser.getPage(new URL(base, "poll.xhtml?id=" + poll));
        assertThat(page.getElementById("myVote")).isNull();
        assertThat(page.asNormalizedText()).doesNotContain("You voted for").contains("Your choice");
        assertThat(((HtmlPage) browser.getPage(new URL(base, "my-votes.xhtml"))).asNormalizedText()).contains("You have not voted yet.");
    }

    private WebRequest post(String path, String form, String... parameters) throws IOException {
        WebRequest request = new WebRequest(new URL(base, path), HttpMethod.POST);
        List<NameValuePair> fields = new ArrayList<>(List.of(new NameValuePair(form, form),
                new NameValuePair("jakarta.faces.ViewState", "-1:-1")));
        for (int i = 0; i < parameters.length; i += 2) {
            fields.add(new NameValuePair(parameters[i], parameters[i + 1]));
        }
        request.setRequestParameters(fields);
        return request;
    }

    /**
     * An id planted in a victim's browser must not become their signed-in session: neither that of a
     * session nobody is signed in to (registering leaves one, holding its notice) nor that of the
     * attacker's own signed-in session, whose account must not survive either. Payara kept a session's
     * principal when only its id changed.
     */
    @Test
    void signingInStartsANewSessionOfTheAccountJustSignedIn() throws IOException {
        String voter = register(newUsername());
        String anonymous = sessionId();

        HtmlPage home = signIn(browser.getPage(new URL(base, "login.xhtml")), voter, PASSWORD);

        assertThat(home.asNormalizedText()).contains("Signed in as " + voter);
        assertThat(anonymous).isNotNull();
        assertThat(sessionId()).isNotNull().isNotEqualTo(anonymous);

        String planted = sessionId();
        String other = register(newUsername());
        HtmlPage otherHome = signIn(browser.getPage(new URL(base, "login.xhtml")), other, PASSWORD);

        assertThat(otherHome.asNormalizedText()).contains("Signed in as " + other).doesNotContain("Signed in as " + voter);
        assertThat(sessionId()).isNotNull().isNotEqualTo(planted);
    }

    /**
     * The API takes bearer tokens only: the session of a browser signed in to the pages is no
     * credential there, so a page on another site cannot act through the API in the visitor's
     * name. The pages' form sign-in does not even run for the API (FormSignInScope); the pages
     * still know the visitor.
     */
    @Test
    void aSignedInBrowserSessionIsNoCredentialForTheApi() throws IOException {
        String username = register(newUsername());
        signIn(browser.getPage(new URL(base, "login.xhtml")), username, PASSWORD);

        Page me = browser.getPage(new URL(base, "api/v1/accounts/me"));
        WebRequest vote = new WebRequest(new URL(base, "api/v1/polls/1/votes"), HttpMethod.POST);
        vote.setAdditionalHeader("Content-Type", "application/json");
        vote.setRequestBody("{\"optionId\":1}");
        Page cast = browser.getPage(vote);

        assertThat(sessionId()).as("the browser sent its session cookie").isNotNull();
        assertThat(me.getWebResponse().getStatusCode()).isEqualTo(401);
        assertThat(cast.getWebResponse().getStatusCode()).isEqualTo(401);
        assertThat(cast.getWebResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(((HtmlPage) browser.getPage(new URL(base, "my-votes.xhtml"))).asNormalizedText())
                .contains("Signed in as " + username).contains("You have not voted yet.");
    }

    @Test
    void repeatedWrongPasswordsAreSlowedDownThenRefusedWithTheWait() throws Exception {
        String username = register(newUsername());
        // Five free failures, then each failure locks the account for 1 s, 2 s, 4 s ...
        for (int failure = 1; failure <= 8; failure++) {
            HtmlPage result = signIn(browser.getPage(new URL(base, "login.xhtml")), username, "wrong password " + failure);
            assertThat(result.asNormalizedText()).as("failure " + failure).contains("Wrong username or password.");
            if (failure >= 6 && failure < 8) {
                // Wait out this lockout (1 s, then 2 s) so the next failure counts.
                Thread.sleep((1000L << (failure - 6)) + 300);
            }
        }
        // Locked for 4 s now: even the right password is refused without being checked, and the wait is said.
        HtmlPage refused = signIn(browser.getPage(new URL(base, "login.xhtml")), username, PASSWORD);
        assertThat(refused.asNormalizedText()).containsPattern("Too many failed sign-ins. Please wait [1-4] seconds? before trying again.")
                .doesNotContain("Signed in as");
    }

    @Test
    void protectedPagesSendAnonymousVisitorsToSignInAndBackAndRefuseVoters() throws IOException {
        HtmlPage login = browser.getPage(new URL(base, "admin/polls.xhtml?page=0"));
        assertThat(login.getUrl().toString()).contains("/login.xhtml");
        HtmlPage admin = signIn(login, System.getProperty("vote.it.adminUser"), System.getProperty("vote.it.adminPassword"));
        assertThat(admin.getUrl().getPath()).endsWith("/admin/polls.xhtml");
        assertThat(admin.getUrl().getQuery()).startsWith("page=0&");
        assertThat(admin.asNormalizedText()).contains("Manage polls", "New poll");
        assertThat(admin.getByXPath("//tr[@data-poll-id]")).isNotEmpty();
        browser.getCookieManager().clearCookies();

        String voter = register(newUsername());
        HtmlPage myVotesLogin = browser.getPage(new URL(base, "my-votes.xhtml"));
        assertThat(myVotesLogin.getUrl().toString()).contains("/login.xhtml");
        HtmlPage myVotes = signIn(myVotesLogin, voter, PASSWORD);
        assertThat(myVotes.getUrl().getPath()).endsWith("/my-votes.xhtml");
        assertThat(myVotes.asNormalizedText()).contains("You have not voted yet.");

        HtmlPage forbidden = browser.getPage(new URL(base, "admin/polls.xhtml"));
        assertThat(forbidden.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(forbidden.asNormalizedText()).contains("Not allowed", "Back to the polls", "Signed in as " + voter);
    }

    @Test
    void errorPagesKeepTheLayoutAndNeverShowAStackTrace() throws IOException {
        for (String path : List.of("no-such-page.xhtml", "poll.xhtml?id=987654321", "poll.xhtml?id=abc", "poll.xhtml")) {
            HtmlPage page = browser.getPage(new URL(base, path));
            assertThat(page.getWebResponse().getStatusCode()).as(path).isEqualTo(404);
            assertThat(page.asNormalizedText()).as(path).contains("Page not found", "Back to the polls", "Sign in");
        }

        HtmlPage broken = browser.getPage(new URL(base, "it-broken.xhtml"));
        assertThat(broken.getWebResponse().getStatusCode()).isEqualTo(500);
        assertThat(broken.asNormalizedText()).contains("Something went wrong", "Back to the polls")
                .doesNotContain("Exception", "noSuchProperty", "jakarta.", "at app.vote");

        // A form posted after its view state is gone (here: the signed-in session was dropped).
        HtmlPage home = signIn(browser.getPage(new URL(base, "login.xhtml")), register(newUsername()), PASSWORD);
        browser.getCookieManager().clearCookies();
        HtmlPage expired = home.getHtmlElementById("signOut:submit").click();

        assertThat(expired.asNormalizedText()).contains("Page expired", "Nothing was changed", "Back to the polls")
                .doesNotContain("Exception", "jakarta.", "at app.vote");
    }

    @Test
    void everyFieldHasItsLabelAndTheNewPollFormExplainsEachMistakeKeepingWhatWasTyped() throws IOException {
        HtmlPage form = signIn(browser.getPage(new URL(base, "login.xhtml?continue=%2Fadmin%2Fnew-poll.xhtml")),
                System.getProperty("vote.it.adminUser"), System.getProperty("vote.it.adminPassword"));
        assertThat(form.getUrl().getPath()).endsWith("/admin/new-poll.xhtml");
        form.getHtmlElementById("newPoll:options:0:option").type("Same");
        form.getHtmlElementById("newPoll:options:1:option").type("Other");
        form = form.getHtmlElementById("newPoll:addOption").click();
        form.getHtmlElementById("newPoll:options:2:option").type("same");
        form = form.getHtmlElementById("newPoll:options:1:remove").click();
        assertThat(form.getHtmlElementById("newPoll:options:0:option").getAttribute("value")).isEqualTo("Same");
        assertThat(form.getHtmlElementById("newPoll:options:1:option").getAttribute("value")).isEqualTo("same");
        assertThat(form.getElementById("newPoll:options:2:option")).isNull();
        ((HtmlInput) form.getHtmlElementById("newPoll:closesAt")).setValue("2001-01-01T10:00");

        HtmlPage refused = form.getHtmlElementById("newPoll:submit").click();

        assertThat(refused.getHtmlElementById("newPoll:question-message").getTextContent()).isEqualTo("Enter the question.");
        assertThat(refused.getHtmlElementById("newPoll:options:1:option-message").getTextContent())
                .isEqualTo("This option is the same as another one.");
        assertThat(refused.getHtmlElementById("newPoll:closesAt-message").getTextContent())
                .isEqualTo("The closing time must be in the future.");
        assertThat(refused.getHtmlElementById("newPoll:question").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(refused.getHtmlElementById("messages").getTextContent()).contains("Please correct the fields marked below.");

        for (String path : List.of("login.xhtml", "register.xhtml", "admin/new-poll.xhtml", "poll.xhtml?id=2")) {
            HtmlPage page = browser.getPage(new URL(base, path));
            for (HtmlElement field : page.getBody().getElementsByTagName("input")) {
                if (List.of("text", "password", "radio", "datetime-local").contains(field.getAttribute("type"))) {
                    assertThat(page.getByXPath("//label[@for='" + field.getId() + "']"))
                            .as(path + ": a label for " + field.getId()).hasSize(1);
                }
            }
            for (DomElement field : page.getElementsByTagName("textarea")) {
                assertThat(page.getByXPath("//label[@for='" + field.getId() + "']")).as(path + ": " + field.getId()).hasSize(1);
            }
        }
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

    /** The sign-in form's POST as a browser sends it, with these headers, without following the redirect. */
    private Response postSignIn(Map<String, String> headers, String username, String viewState) {
        return given().baseUri(base.toString()).headers(headers).redirects().follow(false)
                .formParam("login", "login").formParam("login:username", username).formParam("login:password", PASSWORD)
                .formParam("login:submit", "Sign in").formParam("jakarta.faces.ViewState", viewState)
                .when().post("login.xhtml");
    }

    private String sessionId() {
        Cookie cookie = browser.getCookieManager().getCookie("JSESSIONID");
        return cookie == null ? null : cookie.getValue();
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

    /**
     * One signed-in session asking for a poll page over 32 connections at once. Faces keeps 25
     * view-scoped beans per session and drops the oldest even while its request is still rendering;
     * the rest of that page then reads a fresh bean. That must never be a server error (it once was:
     * the live-results socket turned the fresh bean's null poll id into an application-scoped
     * channel, which Faces refused with a 500, and then refused to every new visitor until a restart).
     */
    @Test
    void aSessionAskingForManyPollPagesAtOnceGetsNoServerError() throws Exception {
        ApiClient api = new ApiClient(base);
        long poll = api.newPoll(api.adminToken(), "yes", "no");
        signIn(browser.getPage(new URL(base, "login.xhtml")), register(newUsername()), PASSWORD);
        String session = "JSESSIONID=" + sessionId();
        URI page = new URL(base, "poll.xhtml?id=" + poll).toURI();
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService connections = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int request = 0; request < 640; request++) {
                statuses.add(connections.submit(() -> http.send(
                        HttpRequest.newBuilder(page).header("Cookie", session).build(), BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isLessThan(500);
            }
        } finally {
            connections.shutdownNow();
        }
        HttpResponse<String> voter = http.send(HttpRequest.newBuilder(page).header("Cookie", session).build(), BodyHandlers.ofString());
        assertThat(voter.statusCode()).isEqualTo(200);
        assertThat(voter.body()).contains("id=\"vote:submit\"", "data-stream=");
        HttpResponse<String> newVisitor = http.send(HttpRequest.newBuilder(page).build(), BodyHandlers.ofString());
        assertThat(newVisitor.statusCode()).isEqualTo(200);
        assertThat(newVisitor.body()).contains("data-stream=").doesNotContain("vote:submit");
    }
}
