package app.vote.poll.api;

import app.vote.platform.api.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 503 with Retry-After: every place for a results stream on this server is taken. */
@Provider
public class LiveStreamsFullMapper implements ExceptionMapper<LiveStreamsFullException> {

    @Override
    public Response toResponse(LiveStreamsFullException exception) {
        return Problem.of("live-streams-full", "Too many live results streams", Response.Status.SERVICE_UNAVAILABLE,
                exception.getMessage()).toResponseBuilder().header("Retry-After", exception.retryAfterSeconds()).build();
    }
}
