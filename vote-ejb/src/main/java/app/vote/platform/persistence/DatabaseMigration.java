package app.vote.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date before anything else touches the database. Flyway owns the schema
 * (JPA schema generation is off), the same migrations run on H2 and PostgreSQL, and Flyway's lock
 * on its history table lets several instances start at once against one empty database.
 *
 * <p>The application's data source is declared here so the EJB module carries it into both
 * packagings (the WAR on Payara Micro and the EAR on Payara Server).
 */
@DataSourceDefinition(
        name = DatabaseMigration.DATA_SOURCE,
        className = "app.vote.platform.persistence.ConfiguredDataSource",
        minPoolSize = 2,
        maxPoolSize = 32,
        loginTimeout = 5,
        properties = {
            // Hand out only live connections, so the pool recovers by itself after a database restart.
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
            "fish.payara.fail-all-connections=true",
            /*
             * Validate a connection at most once a second, not on every hand-out: Payara loads the
             * validation class through the web application's class loader on each validation, a
             * synchronized jar search that serialised every transaction under load (JFR: threads
             * blocked ~925 s in 340 s on WebappClassLoader; PERFORMANCE.md). The price: within a
             * second of a database restart one request may still get a dead connection, whose
             * failure makes fail-all-connections drop the rest.
             */
            "fish.payara.validate-atmost-once-period-in-seconds=1",
            // A request waits at most this long for a pooled connection instead of Payara's 60 s default.
            "fish.payara.max-wait-time-in-millis=5000"
        })
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {

    public static final String DATA_SOURCE = "java:app/jdbc/vote";

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    @Resource(lookup = DATA_SOURCE)
    private DataSource dataSource;

    @PostConstruct
    void migrateOnStartup() {
        MigrateResult result = migrate(dataSource);
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migration(s) applied now)");
    }

    /** Applies the pending migrations; on an up-to-date database it applies none. */
    public static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure(DatabaseMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }
}
