package app.vote.platform.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cross-origin access for the browser front ends an operator lists in {@code VOTE_CORS_ORIGINS}
 * (comma-separated, exact origins); with none listed, browsers on other origins get no access.
 * Tokens travel in the Authorization header, never in cookies, so credentials are not allowed.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ORIGIN = "Origin";

    /** A plain string: Payara's config injection cannot produce {@code Optional<List<String>>}. */
    @Inject
    @ConfigProperty(name = "vote.cors.origins")
    Optional<String> allowedOrigins;

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString(ORIGIN);
        boolean preflight = HttpMethod.OPTIONS.equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null;
        if (preflight && allowed(origin)) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match")
                    .header("Access-Control-Max-Age", "600")
                    .header(HttpHeaders.VARY, ORIGIN)
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString(ORIGIN);
        if (allowed(origin) && !response.getHeaders().containsKey("Access-Control-Allow-Origin")) {
            response.getHeaders().add("Access-Control-Allow-Origin", origin);
            response.getHeaders().add("Access-Control-Expose-Headers", "Location, ETag, Retry-After");
            response.getHeaders().add(HttpHeaders.VARY, ORIGIN);
        }
    }

    private boolean allowed(String origin) {
        return origin != null && allowedOrigins
                .map(list -> Arrays.stream(list.split(",")).map(String::strip).anyMatch(origin::equals))
                .orElse(false);
    }
}
