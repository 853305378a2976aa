package app.vote.ballot.api;

import app.vote.platform.api.Problem;
import app.vote.ballot.boundary.AlreadyVotedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409: this account already voted on this poll; change the vote with PUT …/votes/me instead. */
@Provider
public class AlreadyVotedMapper implements ExceptionMapper<AlreadyVotedException> {

    @Override
    public Response toResponse(AlreadyVotedException exception) {
        return Problem.of("already-voted", "Already voted", Response.Status.CONFLICT, exception.getMessage()).toResponse();
    }
}
