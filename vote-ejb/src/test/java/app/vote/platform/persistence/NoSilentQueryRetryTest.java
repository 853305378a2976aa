package app.vote.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.DatabaseSession;
import org.eclipse.persistence.sessions.Project;
import org.junit.jupiter.api.Test;

class NoSilentQueryRetryTest {

    @Test
    void eclipseLinkWouldOtherwiseSleepTenSecondsInRetriesOfAFailedRead() {
        DatabaseLogin login = newSession().getLogin();

        assertThat(login.getQueryRetryAttemptCount()).isEqualTo(3);
        assertThat(login.getDelayBetweenConnectionAttempts()).isEqualTo(5_000);
    }

    @Test
    void aReadThatCannotReachTheDatabaseFailsAtOnce() {
        DatabaseSession session = newSession();

        new NoSilentQueryRetry().customize(session);

        assertThat(session.getLogin().getQueryRetryAttemptCount()).isZero();
        assertThat(session.getLogin().getDelayBetweenConnectionAttempts()).isZero();
    }

    private static DatabaseSession newSession() {
        return new Project(new DatabaseLogin()).createDatabaseSession();
    }
}
