package app.vote.load;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.css;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import app.vote.load.BenchData.BenchPoll;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 3, a voter in a browser: the home page, a poll's page, the sign-in form, the vote form,
 * and the poll's page again with the results and "You voted for …". Cookies, redirects and the
 * Faces view state are handled like a browser does: each form is posted with the view state id of
 * the page it came from. Each virtual user is a new visitor with a fresh account; as one finishes,
 * the next starts, so {@code vote.load.browsers} journeys are always under way. Every vote the page
 * confirms goes into a ledger that is checked against the database afterwards.
 */
public class BrowserVoterSimulation extends Simulation {

    static final String LEDGER = "browser-voter";
    private static final String VIEW_STATE = "jakarta.faces.ViewState";

    private final String prefix = BenchData.runPrefix("browser");
    private final int accounts = Integer.getInteger("vote.load.browserAccounts", 5_000);
    private final AtomicInteger nextAccount = new AtomicInteger();
    private final VoteLedger ledger = new VoteLedger(LEDGER);
    private volatile List<BenchPoll> polls;

    private final HttpProtocolBuilder browser = http.baseUrl(LoadSettings.baseUrl())
            .acceptHeader("text/html,application/xhtml+xml")
            .acceptLanguageHeader("en")
            .userAgentHeader("Mozilla/5.0 (load test) Gatling");

    private final ScenarioBuilder voter = scenario("browser-like voter")
            .exec(this::visitor)
            .exec(pagesBeforeSignIn("home page", "poll page"))
            .exec(http("sign-in page").get(session -> "/login.xhtml?continue=/poll.xhtml?id=" + session.getLong("poll"))
                    .check(status().is(200), css("input[name='" + VIEW_STATE + "']", "value").saveAs("viewState")))
            .exec(http("sign in (form)").post(session -> "/login.xhtml?continue=/poll.xhtml?id=" + session.getLong("poll"))
                    .formParam("login", "login")
                    .formParam("login:username", session -> session.getString("username"))
                    .formParam("login:password", BenchData.VOTER_PASSWORD)
                    .formParam("login:submit", "Sign in")
                    .formParam(VIEW_STATE, session -> session.getString("viewState"))
                    .check(status().is(200), css("form#vote input[name='" + VIEW_STATE + "']", "value").saveAs("voteViewState")))
            .exec(http("vote (form)").post("/poll.xhtml")
                    .formParam("vote", "vote")
                    .formParam("vote:option", session -> String.valueOf(session.getLong("option")))
                    .formParam("vote:submit", "Vote")
                    .formParam(VIEW_STATE, session -> session.getString("voteViewState"))
                    .check(status().is(200), css("#myChoice").is(session -> session.getString("label")).saveAs("confirmed")))
            .exec(session -> {
                if (session.contains("confirmed")) {
                    ledger.cast(session.getString("username"), session.getLong("poll"), session.getLong("option"));
                }
                return session;
            });

    public BrowserVoterSimulation() {
        int browsers = LoadSettings.browsers();
        // The lead-in stops before the sign-in: it neither votes nor opens sessions.
        ChainBuilder leadIn = exec(session -> session.set("poll", anyPoll().id()))
                .exec(pagesBeforeSignIn(LeadIn.name("home page"), LeadIn.name("poll page")));
        setUp(LeadIn.before(this, voter.injectClosed(constantConcurrentUsers(browsers).during(Duration.ofSeconds(LoadSettings.seconds()))),
                        leadIn, browsers))
                .protocols(browser)
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void before() {
        polls = BenchData.createPolls("Browser voters " + prefix, 3, 3);
        BenchData.seedVoters(prefix, accounts);
    }

    @Override
    public void after() {
        ledger.verify(polls.stream().map(BenchPoll::id).toList());
    }

    private static ChainBuilder pagesBeforeSignIn(String homePage, String pollPage) {
        return exec(http(homePage).get("/").check(status().is(200), css("a[href*='poll.xhtml']").exists()))
                .exec(http(pollPage).get(session -> "/poll.xhtml?id=" + session.getLong("poll"))
                        .check(status().is(200), css("#question").exists()));
    }

    private BenchPoll anyPoll() {
        return polls.get(ThreadLocalRandom.current().nextInt(polls.size()));
    }

    private Session visitor(Session session) {
        int account = nextAccount.getAndIncrement();
        if (account >= accounts) {
            throw new IllegalStateException("More journeys than seeded accounts: raise vote.load.browserAccounts");
        }
        BenchPoll poll = anyPoll();
        int choice = ThreadLocalRandom.current().nextInt(poll.optionIds().size());
        ledger.sending();
        return session.setAll(Map.of(
                "username", prefix + account,
                "poll", poll.id(),
                "option", poll.optionIds().get(choice),
                "label", "Option " + (char) ('A' + choice)));
    }
}
