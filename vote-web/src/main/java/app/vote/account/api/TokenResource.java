package app.vote.account.api;

import app.vote.account.boundary.AccountService;
import app.vote.account.boundary.AccountView;
import app.vote.account.control.LoginThrottle;
import app.vote.account.control.LoginThrottle.Key;
import app.vote.account.security.TokenService;
import app.vote.account.security.TokenService.IssuedToken;
import app.vote.platform.api.Problem;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Trades a username and password for a bearer token. Unknown users and wrong passwords get the
 * same answer in about the same time; repeated failures per account or per client address are
 * refused with 429 before any password is checked.
 */
@Path("auth/token")
@ApplicationScoped
@Tag(name = "Accounts")
public class TokenResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    @EJB
    AccountService accounts;

    @Inject
    TokenService tokens;

    @Inject
    LoginThrottle throttle;

    @Inject
    MetricRegistry metrics;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a bearer token for a username and password")
    @APIResponse(responseCode = "200", description = "A token, valid for expires_in seconds",
            content = @Content(schema = @Schema(implementation = TokenJson.class)))
    @APIResponse(responseCode = "401", description = "Unknown user or wrong password",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many failures: retry after the given seconds",
            headers = @Header(name = "Retry-After", description = "seconds to wait"),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response token(@NotNull(message = "A JSON body with username and password is required.") @Valid Credentials credentials,
            @Context HttpServletRequest servletRequest) {
        Key account = Key.account(credentials.getUsername());
        Key address = Key.address(servletRequest.getRemoteAddr());
        Optional<Duration> wait = throttle.retryAfter(account, address);
        if (wait.isPresent()) {
            long seconds = LoginThrottle.wholeSeconds(wait.get());
            return Problem.of("too-many-attempts", "Too Many Requests", Response.Status.TOO_MANY_REQUESTS,
                            "Too many failed sign-ins. Retry in " + seconds + " seconds.")
                    .toResponseBuilder().header(HttpHeaders.RETRY_AFTER, seconds).cacheControl(NO_STORE).build();
        }
        Optional<AccountView> authenticated = accounts.authenticate(credentials.getUsername(), credentials.getPassword());
        if (authenticated.isEmpty()) {
            throttle.recordFailure(account, address);
            metrics.counter("logins.failed").inc();
            return Problem.of("invalid-credentials", "Unauthorized", Response.Status.UNAUTHORIZED,
                            "Unknown username or wrong password.")
                    .toResponseBuilder().header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"vote\"")
                    .cacheControl(NO_STORE).build();
        }
        throttle.recordSuccess(account);
        IssuedToken token = tokens.issue(authenticated.get());
        return Response.ok(new TokenJson(token.value(), "Bearer", token.expiresInSeconds()))
                .cacheControl(NO_STORE).header("Pragma", "no-cache").build();
    }
}
