package app.vote.poll.api;

import app.vote.platform.api.Problem;
import app.vote.poll.entity.InvalidPollException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** 400: the poll breaks a rule of polls (blank question, too few options...), named per field. */
@Provider
public class InvalidPollMapper implements ExceptionMapper<InvalidPollException> {

    @Override
    public Response toResponse(InvalidPollException exception) {
        return Problem.of("validation", "Invalid request", Response.Status.BAD_REQUEST, exception.getMessage())
                .withErrors(Map.of(exception.field(), exception.getMessage()))
                .toResponse();
    }
}
