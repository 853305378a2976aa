package app.vote.ballot.api;

import app.vote.platform.api.Problem;
import app.vote.ballot.boundary.OptionNotInPollException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 422: the request is well-formed but names an option of another poll (or none). */
@Provider
public class OptionNotInPollMapper implements ExceptionMapper<OptionNotInPollException> {

    /** 422 Unprocessable Content (RFC 9110); JAX-RS 3.1 has no constant for it. */
    private static final Response.StatusType UNPROCESSABLE_CONTENT = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

    @Override
    public Response toResponse(OptionNotInPollException exception) {
        return Problem.of("option-not-in-poll", "Option not in poll", UNPROCESSABLE_CONTENT, exception.getMessage()).toResponse();
    }
}
