package app.vote.platform.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The connection factory behind the application's pooled data source ({@link DatabaseMigration}
 * declares it). The container instantiates this class and pools what it returns; we read the
 * settings from MicroProfile Config ourselves and pick the JDBC driver from the URL, so one WAR
 * serves the embedded H2 database and PostgreSQL without a rebuild and without vendor-specific
 * data source classes in the annotation.
 */
public class ConfiguredDataSource implements DataSource {

    private static final Map<String, String> DRIVERS = Map.of(
            "jdbc:h2:", "org.h2.Driver",
            "jdbc:postgresql:", "org.postgresql.Driver");

    private final DatabaseSettings settings =
            DatabaseSettings.from(ConfigProvider.getConfig(ConfiguredDataSource.class.getClassLoader()));
    private final Driver driver = driverFor(settings.url());
    private int loginTimeoutSeconds;

    private static Driver driverFor(String url) {
        String className = DRIVERS.entrySet().stream()
                .filter(entry -> url.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unsupported database URL scheme "
                        + url.replaceFirst("^(jdbc:[^:]*:).*", "$1") + " (use jdbc:postgresql: or jdbc:h2:)"));
        try {
            return (Driver) Class.forName(className, true, ConfiguredDataSource.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JDBC driver " + className + " is not available", e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(settings.user(), settings.password());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (loginTimeoutSeconds > 0 && !settings.isEmbedded()) {
            properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        }
        Connection connection = driver.connect(settings.url(), properties);
        if (connection == null) {
            throw new SQLException("The JDBC driver refused the configured URL");
        }
        return connection;
    }

    public String getUrl() {
        return settings.url();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // The container's pool logs; nothing to forward.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
