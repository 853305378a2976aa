package app.vote.platform;

import jakarta.ejb.ApplicationException;

/**
 * A rule of the domain said no. Subclasses name the rule; the web layer turns each into its own
 * 4xx answer. Marked as an application exception so the container rolls the transaction back but
 * hands the exception to the caller as it is instead of wrapping it in an {@code EJBException}.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected DomainException(String message) {
        super(message);
    }
}
