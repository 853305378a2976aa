package app.vote.ballot.api;

import app.vote.account.entity.Role;
import app.vote.ballot.boundary.AlreadyVotedException;
import app.vote.ballot.boundary.BallotBox;
import app.vote.ballot.boundary.NoVoteException;
import app.vote.ballot.boundary.PlacedVote;
import app.vote.ballot.boundary.VoteView;
import app.vote.ballot.boundary.VotingService;
import app.vote.platform.api.Problem;
import app.vote.platform.api.RequiresRole;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's own vote on a poll: cast it, read it, change it, withdraw it. One instance for the
 * application: the caller and the request's URI come in as parameters, so no request pays for
 * creating the resource and looking up its EJB (JNDI, under a lock; PERFORMANCE.md).
 */
@Path("polls/{pollId}/votes")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole({Role.VOTER_NAME, Role.ADMIN_NAME})
@SecurityRequirement(name = "bearer")
@Tag(name = "Votes")
public class VotesResource {

    @EJB
    VotingService voting;

    @Inject
    BallotBox ballots;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Timed(name = "vote.request", absolute = true, description = "Time to answer POST /polls/{id}/votes")
    @Operation(summary = "Cast the caller's vote; one per account per poll")
    @APIResponse(responseCode = "201", description = "Counted; Location is …/votes/me",
            content = @Content(schema = @Schema(implementation = VoteJson.class)))
    @APIResponse(responseCode = "400", description = "Missing or malformed optionId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "404", description = "No such poll",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already voted (type /problems/already-voted) or poll closed (type /problems/poll-closed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The option is not one of this poll's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cast(@PathParam("pollId") long pollId,
            @NotNull(message = "A JSON body with optionId is required.") @Valid VoteRequest request,
            @Context SecurityContext security, @Context UriInfo uri) {
        VoteView vote = ballots.cast(pollId, request.option(), caller(security));
        return Response.created(myVote(uri, pollId)).entity(VoteJson.of(vote)).build();
    }

    @GET
    @Path("me")
    @Operation(summary = "The caller's vote on this poll")
    @APIResponse(responseCode = "200", description = "The vote",
            content = @Content(schema = @Schema(implementation = VoteJson.class)))
    @APIResponse(responseCode = "404", description = "No such poll, or no vote of the caller on it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VoteJson mine(@PathParam("pollId") long pollId, @Context SecurityContext security) {
        return voting.find(pollId, caller(security)).map(VoteJson::of).orElseThrow(() -> new NoVoteException(pollId));
    }

    @PUT
    @Path("me")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the caller's vote, or cast it if there is none, while the poll is open")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(schema = @Schema(implementation = VoteJson.class)))
    @APIResponse(responseCode = "201", description = "Cast",
            content = @Content(schema = @Schema(implementation = VoteJson.class)))
    @APIResponse(responseCode = "400", description = "Missing or malformed optionId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such poll",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Poll closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The option is not one of this poll's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response changeOrCast(@PathParam("pollId") long pollId,
            @NotNull(message = "A JSON body with optionId is required.") @Valid VoteRequest request,
            @Context SecurityContext security, @Context UriInfo uri) {
        String caller = caller(security);
        PlacedVote placed;
        try {
            placed = voting.castOrChange(pollId, request.option(), caller);
        } catch (AlreadyVotedException concurrentPutCastFirst) {
            // Its vote is committed by now, so this attempt, in a new transaction, changes it.
            placed = voting.castOrChange(pollId, request.option(), caller);
        }
        VoteJson vote = VoteJson.of(placed.vote());
        return placed.cast() ? Response.created(myVote(uri, pollId)).entity(vote).build() : Response.ok(vote).build();
    }

    @DELETE
    @Path("me")
    @Operation(summary = "Withdraw the caller's vote while the poll is open")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "404", description = "No such poll, or no vote to withdraw",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Poll closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void withdraw(@PathParam("pollId") long pollId, @Context SecurityContext security) {
        voting.retract(pollId, caller(security));
    }

    private static String caller(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    private static URI myVote(UriInfo uri, long pollId) {
        return uri.getBaseUriBuilder().path("polls/{pollId}/votes/me").build(pollId);
    }
}
