package app.vote;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.platform.persistence.DatabaseMigration;
import app.vote.poll.boundary.OptionView;
import app.vote.poll.boundary.PollService;
import app.vote.testing.Deployments;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Start-up inside the server. The integration tests share one database per build, so whichever
 * test class starts second runs against an already migrated database: a restart.
 */
@ExtendWith(ArquillianExtension.class)
class MigrationsIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.shippedWarWith(MigrationsIT.class);
    }

    @Resource(lookup = DatabaseMigration.DATA_SOURCE)
    DataSource dataSource;

    @EJB
    PollService polls;

    @Test
    void eachMigrationRanExactlyOnceAndRunningAgainAppliesNothing() throws SQLException {
        MigrateResult again = DatabaseMigration.migrate(dataSource);

        assertThat(again.migrationsExecuted).isZero();
        assertThat(strings("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL ORDER BY \"installed_rank\""))
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    void theOriginalPollsAreSeededExactlyOnce() throws SQLException {
        assertThat(polls.find(1).question()).isEqualTo("Best programming language?");
        assertThat(polls.find(1).options()).extracting(OptionView::text).containsExactly("Python", "C++", "Java");
        assertThat(polls.find(2).question()).isEqualTo("Favorite web framework?");
        assertThat(polls.find(2).options()).extracting(OptionView::text).containsExactly("Flask", "Django", "FastAPI");
        assertThat(strings("SELECT COUNT(*) FROM poll WHERE question IN ('Best programming language?', 'Favorite web framework?')"))
                .containsExactly("2");
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
