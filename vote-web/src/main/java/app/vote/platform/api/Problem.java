package app.vote.platform.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/**
 * An RFC 9457 problem detail: every error the API returns has this shape and the
 * {@code application/problem+json} media type. {@code type} names the problem for programs;
 * {@code title} and {@code detail} explain it to people; {@code errors} maps each invalid input
 * field to what is wrong with it.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "errors"})
@Schema(name = "Problem", description = "RFC 9457 problem details: what went wrong, for programs (type) and people (title, detail)")
public record Problem(URI type, String title, int status, String detail, Map<String, String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    /** Problem types are relative URIs under {@code /problems/}, one per kind of refusal. */
    public static Problem of(String type, String title, Response.StatusType status, String detail) {
        return new Problem(URI.create("/problems/" + type), title, status.getStatusCode(), detail, null);
    }

    public Problem withErrors(Map<String, String> fieldErrors) {
        return new Problem(type, title, status, detail, Map.copyOf(fieldErrors));
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(PROBLEM_JSON).entity(this);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }
}
