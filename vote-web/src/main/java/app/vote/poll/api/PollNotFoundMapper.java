package app.vote.poll.api;

import app.vote.platform.api.Problem;
import app.vote.poll.boundary.PollNotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 404: no poll has the id in the path. */
@Provider
public class PollNotFoundMapper implements ExceptionMapper<PollNotFoundException> {

    @Override
    public Response toResponse(PollNotFoundException exception) {
        return Problem.of("poll-not-found", "Poll not found", Response.Status.NOT_FOUND, exception.getMessage()).toResponse();
    }
}
