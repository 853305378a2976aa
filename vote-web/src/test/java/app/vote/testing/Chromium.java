package app.vote.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, never a downloaded
 * one) with a fresh profile, asking for the given language. Closing it quits the browser and
 * deletes the profile.
 */
public final class Chromium implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;
    private final String name;

    private Chromium(ChromeDriver driver, Path profile, String name) {
        this.driver = driver;
        this.profile = profile;
        this.name = name;
    }

    /** A browser whose Accept-Language is {@code language} ("en", "fr"). */
    public static Chromium start(String name, String language) {
        Path profile;
        try {
            profile = Files.createTempDirectory("vote-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("vote.browser.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--lang=" + language, "--window-size=1024,900");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver")))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Chromium(driver, profile, name);
    }

    public WebDriver driver() {
        return driver;
    }

    public String name() {
        return name;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** What the page wrote to the console since the last call (CSP violations show up here). */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** A PNG of the viewport at {@code target}, replacing any earlier file. */
    public Path screenshot(Path target) {
        try {
            Files.createDirectories(target.getParent());
            File png = driver.getScreenshotAs(OutputType.FILE);
            return Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where screenshots go: target/screenshots/ under Maven. */
    public static Path screenshotsDirectory() {
        return Path.of(System.getProperty("vote.browser.screenshots", "target/screenshots"));
    }

    /** Whether the screenshot API is usable (the driver is still alive). */
    boolean canScreenshot() {
        return driver instanceof TakesScreenshot && driver.getSessionId() != null;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
