package app.vote.platform.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line of defence: whatever slipped through becomes a problem without a stack trace.
 * A database that cannot be reached is the caller's to retry (503 with Retry-After); anything else
 * is our bug (500), logged with an id the response repeats so the two can be matched.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Inject
    DatabaseAvailability database;

    @Override
    public Response toResponse(Throwable exception) {
        if (databaseUnavailable(exception)) {
            LOG.log(Level.WARNING, "Database unavailable: {0}", exception.toString());
            database.markDown();
            return DatabaseOutageFilter.unavailable();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, exception);
        return Problem.of("server-error", "Internal Server Error", Response.Status.INTERNAL_SERVER_ERROR,
                "The server could not complete the request (incident " + incident + ").").toResponse();
    }

    /**
     * Connection failures (SQLSTATE class 08), the server going down under us (class 57P:
     * "terminating connection due to administrator command" while PostgreSQL stops) and pool
     * time-outs, however deeply the container wrapped them.
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
