package app.vote.platform.persistence;

import java.sql.SQLException;

/** Recognises the database's own refusals in the exceptions JPA wraps them in. */
public final class ConstraintViolations {

    /** SQLSTATE for a unique-key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private ConstraintViolations() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
