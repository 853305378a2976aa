package app.vote.account.api;

import app.vote.account.boundary.AccountService;
import app.vote.account.boundary.AccountView;
import app.vote.account.boundary.NewAccount;
import app.vote.account.entity.Role;
import app.vote.platform.api.Problem;
import app.vote.platform.api.RequiresRole;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Registering an account, and asking who the token belongs to. */
@Path("accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountsResource {

    @EJB
    AccountService accounts;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a voter account")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = AccountJson.class)))
    @APIResponse(responseCode = "400", description = "Invalid username or password",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Username taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@NotNull(message = "A JSON body with username and password is required.") @Valid Credentials credentials,
            @Context UriInfo uri) {
        AccountView account = accounts.register(new NewAccount(credentials.getUsername(), credentials.getPassword()));
        return Response.created(uri.getBaseUriBuilder().path("accounts/me").build())
                .entity(AccountJson.of(account)).build();
    }

    @GET
    @Path("me")
    @RequiresRole({Role.VOTER_NAME, Role.ADMIN_NAME})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The account the bearer token belongs to")
    @APIResponse(responseCode = "200", description = "The caller",
            content = @Content(schema = @Schema(implementation = MeJson.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MeJson me(@Context SecurityContext security) {
        String username = security.getUserPrincipal().getName();
        List<String> roles = Stream.of(Role.ADMIN_NAME, Role.VOTER_NAME)
                .filter(security::isUserInRole).toList();
        return new MeJson(username, roles);
    }

    /** Who the caller is, as far as this request is concerned. */
    public record MeJson(String username, List<String> roles) {
    }
}
