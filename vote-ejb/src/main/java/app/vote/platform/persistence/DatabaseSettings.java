package app.vote.platform.persistence;

import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where the data lives. With no configuration that is an embedded H2 file database under
 * {@code vote.data.dir} (default {@code ./data}), so a laptop needs nothing installed; with
 * {@code vote.db.url} (environment {@code VOTE_DB_URL}, plus {@code VOTE_DB_USER} and
 * {@code VOTE_DB_PASSWORD}) the same build talks to PostgreSQL.
 */
public record DatabaseSettings(String url, String user, String password) {

    public static final String URL = "vote.db.url";
    public static final String USER = "vote.db.user";
    public static final String PASSWORD = "vote.db.password";
    public static final String DATA_DIR = "vote.data.dir";
    public static final String DEFAULT_DATA_DIR = "./data";

    /*
     * DB_CLOSE_ON_EXIT=FALSE: the server closes the pool on shutdown; H2's own shutdown hook would
     * close the database under requests that are still draining. LOCK_TIMEOUT: concurrent votes on
     * one row wait for each other instead of failing after H2's one-second default. WRITE_DELAY=0:
     * a commit reaches the file before the vote is acknowledged; with H2's default of 500 ms the
     * reliability suite lost acknowledged votes when it killed the server (kill -9).
     */
    private static final String H2_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0";

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + "]";
    }

    public static DatabaseSettings from(Config config) {
        Optional<String> url = config.getOptionalValue(URL, String.class);
        if (url.isPresent()) {
            return new DatabaseSettings(url.get(),
                    config.getOptionalValue(USER, String.class).orElse(null),
                    config.getOptionalValue(PASSWORD, String.class).orElse(null));
        }
        String dataDir = config.getOptionalValue(DATA_DIR, String.class).orElse(DEFAULT_DATA_DIR);
        return embedded(Path.of(dataDir));
    }

    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(
                "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("vote") + H2_OPTIONS, "sa", "");
    }

    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }
}
