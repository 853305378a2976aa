package app.vote.platform.api;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that is not JSON, or JSON of the wrong shape (a string where a number belongs...). */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonbException> {

    @Override
    public Response toResponse(JsonbException exception) {
        return malformed();
    }

    static Response malformed() {
        return Problem.of("malformed-json", "Malformed JSON", Response.Status.BAD_REQUEST,
                "The request body is not valid JSON of the expected shape; see /openapi for the schema.")
                .toResponse();
    }
}
