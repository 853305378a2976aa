package app.vote.account.security;

import app.vote.platform.api.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Authenticates API requests by their bearer token only. A session cookie from the Faces pages
 * is deliberately ignored here, so a page on another site cannot make a signed-in browser vote
 * through the API. No token: the request goes on anonymously (reads are public). A token that
 * does not verify: 401, whatever the operation.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    TokenService tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean secure = request.getSecurityContext().isSecure();
        if (authorization == null || authorization.isBlank()) {
            request.setSecurityContext(new CallerContext(null, secure));
            return;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(request, "Only bearer tokens are accepted: Authorization: Bearer <token>.");
            return;
        }
        try {
            request.setSecurityContext(new CallerContext(tokens.verify(authorization.substring(BEARER.length()).strip()), secure));
        } catch (InvalidTokenException e) {
            reject(request, e.getMessage());
        }
    }

    private static void reject(ContainerRequestContext request, String reason) {
        request.abortWith(Problem.of("invalid-token", "Invalid token", Response.Status.UNAUTHORIZED, reason)
                .toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"vote\", error=\"invalid_token\"")
                .build());
    }

    private record CallerContext(ApiCaller caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller != null && caller.roles().contains(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return caller == null ? null : "Bearer";
        }
    }
}
