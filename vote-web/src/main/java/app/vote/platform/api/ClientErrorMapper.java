package app.vote.platform.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * What JAX-RS itself refuses (unknown path, wrong method, unsupported media type, a query
 * parameter of the wrong type...) also answers as a problem, keeping the status JAX-RS chose and
 * its headers (e.g. {@code Allow} on 405).
 */
@Provider
public class ClientErrorMapper implements ExceptionMapper<WebApplicationException> {

    private static final Map<Integer, String> TYPES = Map.of(
            400, "bad-request",
            401, "unauthorized",
            403, "forbidden",
            404, "not-found",
            405, "method-not-allowed",
            406, "not-acceptable",
            413, "payload-too-large",
            415, "unsupported-media-type");

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status < 400) {
            return original;
        }
        Response.StatusType statusType = original.getStatusInfo();
        Problem problem = Problem.of(TYPES.getOrDefault(status, status >= 500 ? "server-error" : "client-error"),
                statusType.getReasonPhrase(), statusType, detail(exception, status));
        Response.ResponseBuilder response = problem.toResponseBuilder();
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    private static String detail(WebApplicationException exception, int status) {
        return switch (status) {
            case 404 -> "There is nothing at this address. Poll ids are whole numbers.";
            case 405 -> "This address does not accept that HTTP method.";
            case 406 -> "This API answers in JSON (application/json).";
            case 413 -> "The request body is larger than the API accepts.";
            case 415 -> "Send the request body as JSON with Content-Type: application/json.";
            default -> status >= 500 ? "The server could not complete the request." : safeMessage(exception);
        };
    }

    /** JAX-RS messages name only the parameter at fault; anything else becomes a generic text. */
    private static String safeMessage(WebApplicationException exception) {
        String message = exception.getMessage();
        if (message == null || message.startsWith("HTTP ") || message.contains("Exception") || message.contains("\tat ")) {
            return "The request is not valid.";
        }
        return message;
    }
}
