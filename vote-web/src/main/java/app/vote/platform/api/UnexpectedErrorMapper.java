package app.vote.platform.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line of defence: whatever slipped through becomes a problem without a stack trace.
 * A database that cannot be reached is the caller's to retry (503 with Retry-After), and so is a
 * request that waited out the pool while every connection was busy; anything else is our bug
 * (500), logged with an id the response repeats so the two can be matched.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());
    /** The words of Payara's {@code PoolingException} when its wait for a connection expired. */
    private static final String POOL_EXHAUSTED = "In-use connections equal max-pool-size and expired max-wait-time";

    /**
     * Each exception's answer, decided, logged and acted on once. Jersey asks twice about an EJB's
     * exception (its {@code EjbExceptionMapper} maps the cause once to learn whether it can, then
     * again to answer): before, every such failure was logged twice and marked the database down
     * twice, and a 500 was logged under two incident ids, only the second of which the caller saw.
     * Weak keys: an entry goes with its exception.
     */
    private final Map<Throwable, Supplier<Response>> decided = Collections.synchronizedMap(new WeakHashMap<>());

    @Inject
    DatabaseAvailability database;

    @Override
    public Response toResponse(Throwable exception) {
        return decided.computeIfAbsent(exception, this::decide).get();
    }

    private Supplier<Response> decide(Throwable exception) {
        // Checked first: the pool's time-out also reads as a failure to allocate a connection. The
        // database answered every connection that was busy, so this is overload, not an outage, and
        // reporting it down would turn one slow request into a second of 503s for every caller.
        if (poolExhausted(exception)) {
            LOG.log(Level.WARNING, "Every pooled connection stayed busy: {0}", exception.toString());
            return DatabaseOutageFilter::busy;
        }
        if (databaseUnavailable(exception)) {
            LOG.log(Level.WARNING, "Database unavailable: {0}", exception.toString());
            database.markDown();
            return DatabaseOutageFilter::unavailable;
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, exception);
        return () -> Problem.of("server-error", "Internal Server Error", Response.Status.INTERNAL_SERVER_ERROR,
                "The server could not complete the request (incident " + incident + ").").toResponse();
    }

    /** Payara's pool waited its maximum for one of its connections, all of them in use. */
    private static boolean poolExhausted(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains(POOL_EXHAUSTED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connection failures (SQLSTATE class 08), the server going down under us (class 57P:
     * "terminating connection due to administrator command" while PostgreSQL stops) and the
     * pool's failures to make a connection, however deeply the container wrapped them.
     */
    static boolean databaseUnavailable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            String name = cause.getClass().getName();
            String message = String.valueOf(cause.getMessage());
            // A commit the database never confirmed (its connection died under it): the caller retries.
            boolean commitFailed = cause instanceof jakarta.transaction.SystemException
                    || name.endsWith("LocalTransactionException");
            if (commitFailed || name.contains("PoolingException") || message.contains("Error in allocating a connection")) {
                return true;
            }
        }
        return false;
    }
}
