package app.vote.ballot.api;

import app.vote.platform.api.Problem;
import app.vote.ballot.boundary.NoVoteException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 404: there is no vote of this account on this poll to read, change or withdraw. */
@Provider
public class NoVoteMapper implements ExceptionMapper<NoVoteException> {

    @Override
    public Response toResponse(NoVoteException exception) {
        return Problem.of("no-vote", "No vote", Response.Status.NOT_FOUND, exception.getMessage()).toResponse();
    }
}
