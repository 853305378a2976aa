package app.vote.platform.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;

/** Puts a role check in front of each resource method marked {@link RequiresRole}. */
@Provider
public class RoleCheckFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        RequiresRole required = resource.getResourceMethod().getAnnotation(RequiresRole.class);
        if (required == null) {
            required = resource.getResourceClass().getAnnotation(RequiresRole.class);
        }
        if (required != null) {
            context.register(new RoleCheck(required.value()));
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class RoleCheck implements ContainerRequestFilter {

        private final String[] roles;

        RoleCheck(String[] roles) {
            this.roles = roles.clone();
        }

        @Override
        public void filter(ContainerRequestContext request) {
            var security = request.getSecurityContext();
            if (security.getUserPrincipal() == null) {
                request.abortWith(Problem.of("unauthorized", "Unauthorized", Response.Status.UNAUTHORIZED,
                                "Send a bearer token: Authorization: Bearer <token from POST /api/v1/auth/token>.")
                        .toResponseBuilder()
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"vote\"")
                        .build());
            } else if (Arrays.stream(roles).noneMatch(security::isUserInRole)) {
                request.abortWith(Problem.of("forbidden", "Forbidden", Response.Status.FORBIDDEN,
                        "This operation needs the role " + String.join(" or ", roles) + ".").toResponse());
            }
        }
    }
}
