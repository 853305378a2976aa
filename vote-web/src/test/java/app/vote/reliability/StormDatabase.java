package app.vote.reliability;

import app.vote.platform.persistence.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database of the run's own, empty at the start: an H2 file database in a fresh directory, or a
 * fresh schema in the PostgreSQL database the suite was given, so reruns never see each other.
 */
record StormDatabase(String description, Map<String, String> serverSettings, StoredVotes stored) {

    static StormDatabase freshH2(String name) {
        try {
            Path dir = Files.createDirectories(Path.of(ReliabilitySettings.workDir(), "h2-" + name + "-" + shortId()));
            DatabaseSettings settings = DatabaseSettings.embedded(dir);
            return new StormDatabase("embedded H2 in " + dir, Map.of(DatabaseSettings.DATA_DIR, dir.toString()),
                    new StoredVotes(settings.url(), settings.user(), settings.password()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StormDatabase freshPostgresSchema(String name) {
        String url = ReliabilitySettings.required("vote.test.db.url");
        String user = ReliabilitySettings.required("vote.test.db.user");
        String password = ReliabilitySettings.required("vote.test.db.password");
        String schema = "reliability_" + name + "_" + shortId();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schema " + schema + " in " + url, e);
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        // The data directory still holds the generated token signing key.
        Path dataDir = Path.of(ReliabilitySettings.workDir(), schema);
        return new StormDatabase("PostgreSQL schema " + schema,
                Map.of(DatabaseSettings.URL, schemaUrl, DatabaseSettings.USER, user, DatabaseSettings.PASSWORD, password,
                        DatabaseSettings.DATA_DIR, dataDir.toString()),
                new StoredVotes(schemaUrl, user, password));
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
