package app.vote.platform.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.TreeMap;

/** Bean Validation failures of request bodies: 400 with one message per field. */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        Map<String, String> errors = new TreeMap<>();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            errors.merge(field(violation.getPropertyPath()), violation.getMessage(), (a, b) -> a + " " + b);
        }
        return Problem.of("validation", "Invalid request", Response.Status.BAD_REQUEST,
                "Some fields are missing or invalid; see errors.")
                .withErrors(errors)
                .toResponse();
    }

    /** The last named node of a path like {@code register.request.username} is the JSON field. */
    private static String field(Path path) {
        String field = "body";
        for (Path.Node node : path) {
            if (node.getName() != null && node.getKind() != jakarta.validation.ElementKind.METHOD
                    && node.getKind() != jakarta.validation.ElementKind.PARAMETER) {
                field = node.getName();
            }
        }
        return field;
    }
}
