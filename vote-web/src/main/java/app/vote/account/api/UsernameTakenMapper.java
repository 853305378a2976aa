package app.vote.account.api;

import app.vote.platform.api.Problem;
import app.vote.account.boundary.UsernameTakenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409: somebody already registered this username. */
@Provider
public class UsernameTakenMapper implements ExceptionMapper<UsernameTakenException> {

    @Override
    public Response toResponse(UsernameTakenException exception) {
        return Problem.of("username-taken", "Username taken", Response.Status.CONFLICT, exception.getMessage()).toResponse();
    }
}
