package app.vote.platform.api;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Jersey wraps what goes wrong while reading a request body in a {@link ProcessingException}:
 * JSON that does not parse or does not fit the expected types is the client's mistake (400), a
 * body cut off at the size limit keeps its 413; anything else is handled as unexpected.
 */
@Provider
public class EntityReadingMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebApplicationException refusal) {
                return new ClientErrorMapper().toResponse(refusal);
            }
            if (cause instanceof JsonbException || cause instanceof JsonException) {
                return MalformedJsonMapper.malformed();
            }
        }
        return new UnexpectedErrorMapper().toResponse(exception);
    }
}
