package app.vote.platform.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.annotation.sql.DataSourceDefinitions;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date before anything else touches the database. Flyway owns the schema
 * (JPA schema generation is off), the same migrations run on H2 and PostgreSQL, and Flyway's lock
 * on its history table lets several instances start at once against one empty database.
 *
 * <p>The application's data source is declared here so the EJB module carries it into both
 * packagings (the WAR on Payara Micro and the EAR on Payara Server).
 */
@DataSourceDefinitions({
    @DataSourceDefinition(
            name = DatabaseMigration.DATA_SOURCE,
            className = "app.vote.platform.persistence.ConfiguredDataSource",
            minPoolSize = 2,
            maxPoolSize = DatabaseMigration.MAX_POOL_SIZE,
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
                 * second of a database restart one request may still get a dead connection; its
                 * failure is a 503 and makes fail-all-connections drop the rest.
                 */
                "fish.payara.validate-atmost-once-period-in-seconds=1",
                /*
                 * Hand out any free connection: all of ours carry the same credentials. Payara
                 * matches them by default for @DataSourceDefinition pools, comparing credentials
                 * through a synchronized set on every hand-out; in the vote storm that was the most
                 * contended lock of all (JFR: 47 s of blocked threads in 16 s; PERFORMANCE.md).
                 */
                "fish.payara.match-connections=false",
                // A request waits at most 2 s for a pooled connection (Payara: 60 s), so a database outage
                // is a quick 503; with 32 connections and millisecond transactions, longer waits mean trouble.
                "fish.payara.max-wait-time-in-millis=2000"
            }),
    /*
     * EclipseLink fetches the next block of ids outside the caller's transaction, on a connection of
     * its own, while holding its sequencing lock. Taken from the main pool, that connection can be
     * the one nobody returns: when every pooled connection belongs to a transaction waiting for the
     * lock, the lock holder waits for a connection, times out, and the next waiter does the same;
     * the reliability suite measured 40 s stalls and 500s that way with 96 clients on 32
     * connections. A small pool of its own (persistence.xml) keeps id allocation independent.
     */
    @DataSourceDefinition(
            name = DatabaseMigration.SEQUENCE_DATA_SOURCE,
            className = "app.vote.platform.persistence.ConfiguredDataSource",
            transactional = false,
            minPoolSize = 1,
            maxPoolSize = 4,
            loginTimeout = 5,
            properties = {
                "fish.payara.match-connections=false",
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
                "fish.payara.fail-all-connections=true",
                "fish.payara.max-wait-time-in-millis=2000"
            })
})
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {

    public static final String DATA_SOURCE = "java:app/jdbc/vote";
    public static final String SEQUENCE_DATA_SOURCE = "java:app/jdbc/vote-sequences";
    /** The most connections {@link #DATA_SOURCE} holds at once. */
    public static final int MAX_POOL_SIZE = 32;

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
        return configuration(dataSource).load().migrate();
    }

    /** The one Flyway set-up, also for tests that stop at an older version. */
    static FluentConfiguration configuration(DataSource dataSource) {
        return Flyway.configure(DatabaseMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true);
    }
}
