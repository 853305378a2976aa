package app.vote.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the browsers a test opens and, when the test fails, saves a screenshot of each under
 * target/screenshots/ (named after the test and the browser) before they are closed. Runs right
 * after the test method, before {@code @AfterEach}, so the browsers are still open.
 */
public final class FailureScreenshots implements AfterTestExecutionCallback {

    private final List<Chromium> open = new ArrayList<>();

    /** Starts a browser that is screenshotted if the test fails and closed by {@link #closeAll()}. */
    public Chromium start(String name, String language) {
        Chromium browser = Chromium.start(name, language);
        open.add(browser);
        return browser;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        for (Chromium browser : open) {
            if (browser.canScreenshot()) {
                try {
                    Path file = browser.screenshot(Chromium.screenshotsDirectory()
                            .resolve("FAILED-" + context.getRequiredTestMethod().getName() + "-" + browser.name() + ".png"));
                    System.err.println("Screenshot of the failed test: " + file.toAbsolutePath()
                            + " (at " + browser.driver().getCurrentUrl() + ")");
                } catch (RuntimeException e) {
                    System.err.println("No screenshot of " + browser.name() + ": " + e);
                }
            }
        }
    }

    /** Quits every browser; call from {@code @AfterEach}. */
    public void closeAll() {
        for (Chromium browser : open) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                System.err.println("Could not quit " + browser.name() + ": " + e);
            }
        }
        open.clear();
    }
}
