package app.vote.ballot.api;

import app.vote.platform.api.Problem;
import app.vote.ballot.boundary.PollClosedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409, a problem type of its own: the poll no longer takes, changes or withdraws votes. */
@Provider
public class PollClosedMapper implements ExceptionMapper<PollClosedException> {

    @Override
    public Response toResponse(PollClosedException exception) {
        return Problem.of("poll-closed", "Poll closed", Response.Status.CONFLICT, exception.getMessage()).toResponse();
    }
}
