package app.vote.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import app.vote.ballot.entity.OptionTally;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs the real migrations against a real, empty database: a fresh H2 file in the default build,
 * a freshly created schema of the PostgreSQL database that {@code vote.test.db.url} names (the
 * {@code postgresql} profile), so the application's own schema there is left alone. Also proves
 * the database itself enforces the voting rules, whatever the Java code does.
 */
class FlywayMigrationsTest {

    private static final String PG_SCHEMA = "migrations_test";

    private DataSource dataSource;

    @BeforeEach
    void freshDatabase() throws Exception {
        String url = System.getProperty("vote.test.db.url", "");
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(System.getProperty("vote.test.db.user"));
            pg.setPassword(System.getProperty("vote.test.db.password"));
            dataSource = pg;
            execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            execute("CREATE SCHEMA " + PG_SCHEMA);
            pg.setCurrentSchema(PG_SCHEMA);
        } else {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("vote.test.work.dir", "target")), "h2-");
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(DatabaseSettings.embedded(dir).url());
            h2.setUser("sa");
            dataSource = h2;
        }
    }

    @Test
    void freshDatabaseGetsEveryMigrationAndTheOriginalPolls() throws SQLException {
        MigrateResult result = DatabaseMigration.migrate(dataSource);

        assertThat(result.migrationsExecuted).isEqualTo(4);
        assertThat(strings("SELECT question FROM poll ORDER BY id"))
                .containsExactly("Best programming language?", "Favorite web framework?");
        assertThat(strings("SELECT label FROM poll_option WHERE poll_id = 1 ORDER BY display_order"))
                .containsExactly("Python", "C++", "Java");
        assertThat(strings("SELECT label FROM poll_option WHERE poll_id = 2 ORDER BY display_order"))
                .containsExactly("Flask", "Django", "FastAPI");
    }

    @Test
    void restartOnAMigratedDatabaseAppliesNothingAndSeedsNothingAgain() throws SQLException {
        DatabaseMigration.migrate(dataSource);

        MigrateResult second = DatabaseMigration.migrate(dataSource);

        assertThat(second.migrationsExecuted).isZero();
        assertThat(strings("SELECT COUNT(*) FROM poll")).containsExactly("2");
    }

    @Test
    void databaseRefusesASecondVoteOfOneAccountOnOnePoll() throws SQLException {
        DatabaseMigration.migrate(dataSource);
        execute("INSERT INTO account (id, username, password_hash, created_at) VALUES (1, 'ann', 'x', CURRENT_TIMESTAMP)");
        execute("INSERT INTO vote (id, poll_id, option_id, account_id, cast_at) VALUES (1, 1, 1, 1, CURRENT_TIMESTAMP)");

        assertThatThrownBy(() -> execute(
                "INSERT INTO vote (id, poll_id, option_id, account_id, cast_at) VALUES (2, 1, 2, 1, CURRENT_TIMESTAMP)"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(ConstraintViolations.isUniqueViolation(e)).isTrue());
    }

    @Test
    void databaseRefusesAVoteForAnOptionOfAnotherPoll() throws SQLException {
        DatabaseMigration.migrate(dataSource);
        execute("INSERT INTO account (id, username, password_hash, created_at) VALUES (1, 'ann', 'x', CURRENT_TIMESTAMP)");

        // Option 4 (Flask) belongs to poll 2, not poll 1: a foreign-key violation
        // (SQLSTATE 23503 on PostgreSQL, 23506 on H2).
        assertThatThrownBy(() -> execute(
                "INSERT INTO vote (id, poll_id, option_id, account_id, cast_at) VALUES (1, 1, 4, 1, CURRENT_TIMESTAMP)"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23503", "23506"));
    }

    /** Version 4 brought the options' tallies: the votes of an existing database are counted into them once. */
    @Test
    void upgradeCountsTheVotesAlreadyCastIntoEachOptionsTallies() throws SQLException {
        DatabaseMigration.configuration(dataSource).target("3").load().migrate();
        for (int account = 1; account <= 5; account++) {
            execute("INSERT INTO account (id, username, password_hash, created_at) VALUES (" + account + ", 'voter"
                    + account + "', 'x', CURRENT_TIMESTAMP)");
        }
        // Votes 1 and 17 fall in shard 1 of option 1 (Python); 2 in shard 2 of option 2; 18 in shard 2 of option 4 (Flask).
        vote(1, 1, 1, 1);
        vote(17, 1, 1, 2);
        vote(2, 1, 2, 3);
        vote(18, 2, 4, 4);

        DatabaseMigration.migrate(dataSource);

        assertThat(strings("SELECT COUNT(*) FROM option_tally")).containsExactly(String.valueOf(6 * OptionTally.SHARDS));
        assertThat(strings("SELECT option_id || ':' || SUM(votes) FROM option_tally GROUP BY option_id ORDER BY option_id"))
                .containsExactly("1:2", "2:1", "3:0", "4:1", "5:0", "6:0");
        assertThat(strings("SELECT option_id || ':' || shard FROM option_tally WHERE votes > 0 ORDER BY option_id, shard"))
                .containsExactly("1:1", "2:2", "4:2");
        assertThat(strings("SELECT votes FROM option_tally WHERE option_id = 1 AND shard = 1")).containsExactly("2");
    }

    @Test
    void databaseRefusesATallyBelowZero() throws SQLException {
        DatabaseMigration.migrate(dataSource);

        // A check violation: SQLSTATE 23514 on PostgreSQL, 23513 on H2.
        assertThatThrownBy(() -> execute("UPDATE option_tally SET votes = votes - 1 WHERE option_id = 1 AND shard = 0"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23514", "23513"));
    }

    private void vote(long id, long pollId, long optionId, long accountId) throws SQLException {
        execute("INSERT INTO vote (id, poll_id, option_id, account_id, cast_at) VALUES (" + id + ", " + pollId + ", "
                + optionId + ", " + accountId + ", CURRENT_TIMESTAMP)");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
