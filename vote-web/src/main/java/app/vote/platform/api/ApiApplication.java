package app.vote.platform.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The integrators' JSON API, versioned in its path so a future v2 can live beside it. Its
 * OpenAPI description is served at {@code /openapi}, and as an interactive page at
 * {@code /api-docs.xhtml}.
 */
@ApplicationPath(ApiApplication.PATH)
@OpenAPIDefinition(
        info = @Info(title = "Vote API", version = "1",
                description = "Polls, votes and live results. One vote per account per poll; errors are RFC 9457 "
                        + "problem details (application/problem+json)."),
        tags = {@Tag(name = "Accounts"), @Tag(name = "Polls"), @Tag(name = "Votes")})
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A token from POST /api/v1/auth/token, or an access/ID token of the configured OpenID Connect "
                + "issuer (Amazon Cognito)")
public class ApiApplication extends Application {

    /** Where the API lives, below the context root. */
    public static final String PATH = "api/v1";

    /**
     * No WADL: Jersey would answer OPTIONS on every path with a generated XML description that names
     * its own version and the Java types behind the resources. The API is described by /openapi.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
