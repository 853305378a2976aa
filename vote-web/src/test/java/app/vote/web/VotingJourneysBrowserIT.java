package app.vote.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

import app.vote.testing.Chromium;
import app.vote.testing.Deployments;
import app.vote.testing.FailureScreenshots;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The core journeys in a real browser (headless Chromium) against the shipped WAR on Payara Micro:
 * voting, changing and withdrawing, a second vote forced from a stale tab, the administrator's
 * poll from creation to closing, live results in a second browser, French, HTML in a question,
 * and the pages at 360 pixels. One class: one server start. Run with {@code ./mvnw verify -Pbrowser}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VotingJourneysBrowserIT {

    private static final String PASSWORD = "correct horse battery";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.shippedWar();
    }

    @ArquillianResource
    URL base;

    @RegisterExtension
    final FailureScreenshots browsers = new FailureScreenshots();

    @AfterEach
    void closeBrowsers() {
        browsers.closeAll();
    }

    @Test
    void aVoterVotesSeesTheBarMoveIsRefusedASecondVoteChangesItAndSignsOut() {
        Chromium admin = browsers.start("admin", "en");
        signInAsAdmin(admin);
        long pollId = createPoll(admin, "Which editor? " + UUID.randomUUID(), "Vim", "Emacs", "Nano");

        Chromium voter = browsers.start("voter", "en");
        WebDriver page = voter.driver();
        String username = register(voter);
        signIn(voter, username, PASSWORD);
        assertThat(text(page, By.cssSelector(".site-header"))).contains("Signed in as " + username);

        open(voter, "poll.xhtml?id=" + pollId);
        assertThat(bar(page, "Emacs")).isZero();
        // A second tab on the same poll, still showing the first-vote form.
        String firstTab = page.getWindowHandle();
        page.switchTo().newWindow(WindowType.TAB);
        open(voter, "poll.xhtml?id=" + pollId);
        String secondTab = page.getWindowHandle();
        page.switchTo().window(firstTab);

        // Keyboard only: select with the space bar, tab to the button, press Enter.
        WebElement emacs = radio(page, "Emacs");
        emacs.sendKeys(Keys.SPACE);
        assertThat(emacs.isSelected()).isTrue();
        emacs.sendKeys(Keys.TAB);
        assertThat(page.switchTo().activeElement().getAttribute("id")).isEqualTo("vote:submit");
        page.switchTo().activeElement().sendKeys(Keys.ENTER);

        voter.waiting().until(presenceOfElementLocated(By.id("myChoice")));
        assertThat(text(page, By.id("messages"))).contains("Your vote for \"Emacs\" was counted.");
        assertThat(text(page, By.id("myChoice"))).isEqualTo("Emacs");
        assertThat(bar(page, "Emacs")).isEqualTo(100);
        assertThat(votes(page, "Emacs")).isEqualTo(1);
        assertThat(page.findElement(By.id("vote:submit")).getAttribute("value")).isEqualTo("Change my vote");

        // The stale tab tries a second vote: refused, said plainly, nothing counted.
        page.switchTo().window(secondTab);
        assertThat(page.findElement(By.id("vote:submit")).getAttribute("value")).isEqualTo("Vote");
        radio(page, "Nano").click();
        page.findElement(By.id("vote:submit")).click();
        voter.waiting().until(presenceOfElementLocated(By.cssSelector("#messages .error, #messages li")));
        assertThat(text(page, By.id("messages"))).contains("You have already voted on this poll.");
        assertThat(total(page)).isEqualTo(1);
        assertThat(text(page, By.id("myChoice"))).isEqualTo("Emacs");

        // Change the vote: the bars follow, the total stays one.
        radio(page, "Vim").click();
        page.findElement(By.id("vote:submit")).click();
        voter.waiting().until(textToBe(By.id("myChoice"), "Vim"));
        assertThat(text(page, By.id("messages"))).contains("Your vote is now \"Vim\".");
        assertThat(bar(page, "Vim")).isEqualTo(100);
        assertThat(bar(page, "Emacs")).isZero();
        assertThat(total(page)).isEqualTo(1);

        // My votes lists it.
        page.findElement(By.id("navMyVotes")).click();
        assertThat(text(page, By.id("myVotes"))).contains("Which editor?").contains("Vim");

        // Sign out.
        page.findElement(By.id("signOut:submit")).click();
        voter.waiting().until(presenceOfElementLocated(By.id("navSignIn")));
        assertThat(text(page, By.id("messages"))).contains("You are signed out.");
        open(voter, "poll.xhtml?id=" + pollId);
        assertThat(page.findElements(By.id("vote:submit"))).isEmpty();
        assertThat(page.findElement(By.id("signInToVote")).isDisplayed()).isTrue();
    }

    @Test
    void anAdministratorCreatesAPollAVoterVotesTheAdministratorClosesItAndVotingEnds() {
        Chromium admin = browsers.start("admin", "en");
        WebDriver adminPage = admin.driver();
        // Anonymous: the administration sends to the sign-in page and back.
        open(admin, "admin/polls.xhtml");
        assertThat(adminPage.getCurrentUrl()).contains("/login.xhtml");
        fillSignIn(adminPage, System.getProperty("vote.it.adminUser"), System.getProperty("vote.it.adminPassword"));
        admin.waiting().until(presenceOfElementLocated(By.id("newPoll")));
        assertThat(adminPage.getCurrentUrl()).contains("/admin/polls.xhtml");

        String question = "Lunch on Friday? " + UUID.randomUUID();
        long pollId = createPoll(admin, question, "Pizza", "Sushi", "Salad");
        assertThat(text(adminPage, By.id("messages"))).contains("Poll \"" + question + "\" created.");
        assertThat(adminPage.findElements(By.cssSelector(".result .label")))
                .extracting(WebElement::getText).containsExactly("Pizza", "Sushi", "Salad");

        Chromium voter = browsers.start("voter", "en");
        WebDriver voterPage = voter.driver();
        String username = register(voter);
        signIn(voter, username, PASSWORD);
        // A voter is no administrator.
        open(voter, "admin/polls.xhtml");
        assertThat(text(voterPage, By.tagName("h1"))).isEqualTo("Not allowed");
        assertThat(voterPage.findElement(By.linkText("Back to the polls")).isDisplayed()).isTrue();

        open(voter, "poll.xhtml?id=" + pollId);
        radio(voterPage, "Sushi").click();
        voterPage.findElement(By.id("vote:submit")).click();
        voter.waiting().until(textToBe(By.id("myChoice"), "Sushi"));
        // A second tab keeps the change form open while the administrator closes the poll.
        voterPage.switchTo().newWindow(WindowType.TAB);
        open(voter, "poll.xhtml?id=" + pollId);

        open(admin, "admin/polls.xhtml");
        WebElement row = adminPage.findElement(By.cssSelector("tr[data-poll-id='" + pollId + "']"));
        assertThat(row.findElement(By.cssSelector(".total")).getText()).isEqualTo("1");
        row.findElement(By.cssSelector("input[value='Close']")).click();
        admin.waiting().until(presenceOfElementLocated(By.cssSelector("#messages li")));
        assertThat(text(adminPage, By.id("messages"))).contains("is closed");
        assertThat(adminPage.findElement(By.cssSelector("tr[data-poll-id='" + pollId + "'] .status")).getText())
                .isEqualTo("Closed");

        // The stale form is refused; a fresh page offers no form at all.
        radio(voterPage, "Salad").click();
        voterPage.findElement(By.id("vote:submit")).click();
        voter.waiting().until(presenceOfElementLocated(By.cssSelector("#messages li")));
        assertThat(text(voterPage, By.id("messages"))).contains("This poll is closed and takes no more votes.");
        assertThat(voterPage.findElements(By.id("vote:submit"))).isEmpty();
        assertThat(voterPage.findElements(By.id("withdraw:submit"))).isEmpty();
        assertThat(text(voterPage, By.id("status"))).contains("Closed: these are the final results.");
        assertThat(text(voterPage, By.id("myChoice"))).isEqualTo("Sushi");
        assertThat(votes(voterPage, "Sushi")).isEqualTo(1);
        // The closed poll is listed under "Closed" on the home page.
        open(voter, "index.xhtml?status=closed");
        assertThat(voterPage.findElements(By.cssSelector("li[data-poll-id='" + pollId + "']"))).hasSize(1);
    }

    @Test
    void aSecondBrowserSeesTheResultsMoveLiveWhenTheFirstVotes() {
        Chromium admin = browsers.start("admin", "en");
        signInAsAdmin(admin);
        long pollId = createPoll(admin, "Tea or coffee? " + UUID.randomUUID(), "Tea", "Coffee");

        Chromium watcher = browsers.start("watcher", "en");
        open(watcher, "poll.xhtml?id=" + pollId);
        watcher.waiting().until(attributeToBe(By.tagName("body"), "data-live", "open"));
        assertThat(watcher.driver().findElement(By.id("live-status")).isDisplayed()).isTrue();
        assertThat(bar(watcher.driver(), "Coffee")).isZero();

        Chromium voter = browsers.start("voter", "en");
        signIn(voter, register(voter), PASSWORD);
        open(voter, "poll.xhtml?id=" + pollId);
        radio(voter.driver(), "Coffee").click();
        voter.driver().findElement(By.id("vote:submit")).click();
        voter.waiting().until(textToBe(By.id("myChoice"), "Coffee"));

        // No reload in the watcher: the push and its Ajax update move the bar.
        watcher.waiting().until(textToBe(By.id("totalVotes"), "1"));
        assertThat(bar(watcher.driver(), "Coffee")).isEqualTo(100);
        assertThat(votes(watcher.driver(), "Coffee")).isEqualTo(1);
        // The Content-Security-Policy let the page's own scripts run and refused nothing.
        assertThat(watcher.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
        assertThat(voter.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void aBrowserAskingForFrenchGetsFrenchPagesAndFrenchValidationMessages() {
        Chromium browser = browsers.start("french", "fr");
        WebDriver page = browser.driver();

        open(browser, "");
        assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        assertThat(text(page, By.tagName("h1"))).isEqualTo("Sondages ouverts");
        assertThat(text(page, By.id("navSignIn"))).isEqualTo("Se connecter");

        open(browser, "register.xhtml");
        page.findElement(By.id("register:username")).sendKeys("A!");
        page.findElement(By.id("register:password")).sendKeys("court");
        page.findElement(By.id("register:submit")).click();
        browser.waiting().until(presenceOfElementLocated(By.cssSelector("#register\\:username-message")));
        assertThat(text(page, By.id("register:username-message"))).contains("Utilisez de 3 \u00e0 32 caract\u00e8res");
        assertThat(text(page, By.id("register:password-message"))).contains("Utilisez de 8 \u00e0 128 caract\u00e8res");
        assertThat(text(page, By.id("messages"))).contains("Veuillez corriger les champs signal\u00e9s ci-dessous.");
    }

    @Test
    void aQuestionWithHtmlInItIsShownAsText() {
        Chromium admin = browsers.start("admin", "en");
        signInAsAdmin(admin);
        String question = "<script>window.injected = true</script><b>Bold?</b> & \"quotes\" " + UUID.randomUUID();
        long pollId = createPoll(admin, question, "<i>yes</i>", "no");
        WebDriver page = admin.driver();

        open(admin, "poll.xhtml?id=" + pollId);
        WebElement heading = page.findElement(By.id("question"));
        assertThat(heading.getText()).isEqualTo(question);
        assertThat(heading.findElements(By.xpath(".//*"))).as("no element inside the heading").isEmpty();
        assertThat(page.findElements(By.cssSelector(".result .label"))).extracting(WebElement::getText)
                .containsExactly("<i>yes</i>", "no");
        assertThat(((JavascriptExecutor) page).executeScript("return window.injected === undefined")).isEqualTo(true);
        open(admin, "");
        assertThat(page.findElement(By.cssSelector("li[data-poll-id='" + pollId + "'] .poll-link")).getText())
                .isEqualTo(question);
    }

    /**
     * The main pages fit a 360-pixel-wide phone without sideways scrolling; and the pictures for
     * the README, home and results, taken by this same browser. The polls are created last so
     * they are the newest, at the top of the home page.
     */
    @Test
    void theMainPagesFitA360PixelScreenAndArePhotographedForTheReadme() {
        Chromium admin = browsers.start("admin", "en");
        signInAsAdmin(admin);
        long tabs = createPoll(admin, "Tabs or spaces?", "Tabs", "Spaces");
        long day = createPoll(admin, "Which day for the release party?", "Thursday", "Friday", "Saturday");
        long offsite = createPoll(admin, "Where should the team offsite be?", "Lisbon", "Krak\u00f3w", "Edinburgh", "Online");
        Chromium voter = null;
        for (String[] choices : List.of(new String[] {"Lisbon", "Friday", "Spaces"}, new String[] {"Krak\u00f3w", "Friday", "Spaces"},
                new String[] {"Lisbon", "Saturday", "Tabs"}, new String[] {"Lisbon", "Friday", "Spaces"})) {
            if (voter != null) {
                voter.close();
            }
            voter = browsers.start("voter", "en");
            signIn(voter, register(voter), PASSWORD);
            vote(voter, offsite, choices[0]);
            vote(voter, day, choices[1]);
            vote(voter, tabs, choices[2]);
        }
        WebDriver page = voter.driver();
        page.manage().window().setSize(new Dimension(1000, 640));
        open(voter, "");
        Path shots = Chromium.screenshotsDirectory();
        voter.screenshot(shots.resolve("home.png"));
        page.manage().window().setSize(new Dimension(1000, 1000));
        open(voter, "poll.xhtml?id=" + offsite);
        assertThat(bar(page, "Lisbon")).isEqualTo(75);
        voter.screenshot(shots.resolve("results.png"));

        WebDriver adminPage = admin.driver();
        adminPage.manage().window().setSize(new Dimension(360, 740));
        for (String path : List.of("", "poll.xhtml?id=" + offsite, "admin/polls.xhtml", "admin/new-poll.xhtml",
                "my-votes.xhtml", "register.xhtml", "index.xhtml?status=closed")) {
            open(admin, path);
            Object overflow = ((JavascriptExecutor) adminPage).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Object culprits = ((JavascriptExecutor) adminPage).executeScript(
                    "return Array.from(document.querySelectorAll('body *'))"
                    + ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                    + ".map(e => e.tagName + '.' + e.className).slice(0, 10).join(', ')");
            assertThat(((Number) overflow).intValue()).as("sideways overflow of /" + path + " at 360 px, by " + culprits)
                    .isLessThanOrEqualTo(0);
        }
    }

    // ----- steps -----

    /** Opens a page and waits until it has loaded, so what follows reads the new page. */
    private void open(Chromium browser, String path) {
        browser.driver().get(base.toString() + path);
        browser.waiting().until(driver -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    private String register(Chromium browser) {
        String username = "br-" + UUID.randomUUID().toString().substring(0, 12);
        WebDriver page = browser.driver();
        open(browser, "register.xhtml");
        page.findElement(By.id("register:username")).sendKeys(username);
        page.findElement(By.id("register:password")).sendKeys(PASSWORD);
        page.findElement(By.id("register:submit")).click();
        browser.waiting().until(presenceOfElementLocated(By.id("login:username")));
        assertThat(text(page, By.id("messages"))).contains("Account \"" + username + "\" created");
        return username;
    }

    private void signIn(Chromium browser, String username, String password) {
        open(browser, "login.xhtml");
        fillSignIn(browser.driver(), username, password);
        browser.waiting().until(presenceOfElementLocated(By.id("signOut:submit")));
    }

    private void signInAsAdmin(Chromium browser) {
        signIn(browser, System.getProperty("vote.it.adminUser"), System.getProperty("vote.it.adminPassword"));
    }

    private static void fillSignIn(WebDriver page, String username, String password) {
        page.findElement(By.id("login:username")).sendKeys(username);
        page.findElement(By.id("login:password")).sendKeys(password);
        page.findElement(By.id("login:submit")).click();
    }

    /** Creates a poll through the administration pages, adding options past the first two; returns its id. */
    private long createPoll(Chromium admin, String question, String... options) {
        WebDriver page = admin.driver();
        open(admin, "admin/new-poll.xhtml");
        page.findElement(By.id("newPoll:question")).sendKeys(question);
        for (int i = 0; i < options.length; i++) {
            if (page.findElements(By.id("newPoll:options:" + i + ":option")).isEmpty()) {
                page.findElement(By.id("newPoll:addOption")).click();
                admin.waiting().until(presenceOfElementLocated(By.id("newPoll:options:" + i + ":option")));
            }
            page.findElement(By.id("newPoll:options:" + i + ":option")).sendKeys(options[i]);
        }
        page.findElement(By.id("newPoll:submit")).click();
        admin.waiting().until(presenceOfElementLocated(By.id("results")));
        String url = page.getCurrentUrl();
        return Long.parseLong(url.replaceAll(".*[?&]id=(\\d+).*", "$1"));
    }

    private void vote(Chromium voter, long pollId, String option) {
        open(voter, "poll.xhtml?id=" + pollId);
        radio(voter.driver(), option).click();
        voter.driver().findElement(By.id("vote:submit")).click();
        voter.waiting().until(textToBe(By.id("myChoice"), option));
    }

    private static WebElement radio(WebDriver page, String label) {
        return page.findElement(By.xpath("//input[@type='radio' and @id=//label[normalize-space()='" + label + "']/@for]"));
    }

    private static WebElement result(WebDriver page, String label) {
        return page.findElement(By.xpath("//li[contains(@class,'result') and span[@class='label' and normalize-space()='"
                + label + "']]"));
    }

    private static int bar(WebDriver page, String label) {
        return Integer.parseInt(result(page, label).findElement(By.tagName("progress")).getDomAttribute("value"));
    }

    private static int votes(WebDriver page, String label) {
        return Integer.parseInt(result(page, label).findElement(By.className("votes")).getText());
    }

    private static int total(WebDriver page) {
        return Integer.parseInt(text(page, By.id("totalVotes")));
    }

    private static String text(WebDriver page, By locator) {
        return page.findElement(locator).getText().strip();
    }
}
