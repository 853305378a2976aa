package app.vote.platform.persistence;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * Turns off EclipseLink's own retry of a read that failed to reach the database.
 *
 * <p>By default EclipseLink repeats such a read three times, sleeping five seconds before the
 * second and third attempt, while the request thread holds its HTTP worker. It counts a pooled
 * connection that could not be had within the pool's wait as such a failure too. The reliability
 * suite measured what that costs: requests answered after 10–11 s during a PostgreSQL outage (a 503
 * that should have taken milliseconds, or a 200 that waited the outage out), and a slowest answer
 * of 26 s in a storm with more clients than connections. A failed request is better answered at
 * once: the API says 503 with {@code Retry-After}, a vote sent again is never counted twice, and
 * the pool's connection validation replaces dead connections without anyone waiting.
 */
public class NoSilentQueryRetry implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
            login.setDelayBetweenConnectionAttempts(0);
        }
    }
}
