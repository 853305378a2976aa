package app.vote.poll.api;

import app.vote.account.entity.Role;
import app.vote.ballot.boundary.VoteView;
import app.vote.ballot.boundary.VotingService;
import app.vote.platform.api.Problem;
import app.vote.platform.api.RequiresRole;
import app.vote.poll.boundary.NewPoll;
import app.vote.poll.boundary.PollFilter;
import app.vote.poll.boundary.PollReads;
import app.vote.poll.boundary.PollService;
import app.vote.poll.boundary.PollView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Polls: anyone reads them and their results; administrators create, close and delete them. One
 * instance for the application, request data as parameters (see {@code VotesResource}).
 */
@Path("polls")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Polls")
public class PollsResource {

    /**
     * Poll ids are whole numbers: JAX-RS answers 404 when the segment does not convert to a long.
     * (A regular expression in the template would say the same, but Payara's OpenAPI generator
     * then loses the paths.)
     */
    static final String ID = "{id}";

    @EJB
    PollService polls;

    @EJB
    VotingService voting;

    @Inject
    PollReads reads;

    @Inject
    PollJsonWriter json;

    @Inject
    ResultsStream stream;

    @GET
    @Operation(summary = "List polls, newest first")
    @APIResponse(responseCode = "200", description = "One page of polls",
            content = @Content(schema = @Schema(implementation = PollPageJson.class)))
    @APIResponse(responseCode = "400", description = "Unknown status or page/size out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "open (default), closed or all") @QueryParam("status") @DefaultValue("open") String status,
            @Parameter(description = "page number from 0") @QueryParam("page") @DefaultValue("0") String page,
            @Parameter(description = "page size, 1 to 100") @QueryParam("size") @DefaultValue("20") String size) {
        PollFilter filter = switch (status.toLowerCase(Locale.ROOT)) {
            case "open" -> PollFilter.OPEN;
            case "closed" -> PollFilter.CLOSED;
            case "all" -> PollFilter.ALL;
            default -> throw new BadRequestException("status must be open, closed or all.");
        };
        int pageNumber = boundedInt(page, "page", 0, 1_000_000);
        int pageSize = boundedInt(size, "size", 1, PollService.MAX_PAGE_SIZE);
        return Response.ok(json.page(reads.list(filter, pageNumber, pageSize)), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path(ID)
    @Operation(summary = "One poll; with a bearer token it also shows the caller's own vote")
    @APIResponse(responseCode = "200", description = "The poll",
            content = @Content(schema = @Schema(implementation = PollJson.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @APIResponse(responseCode = "404", description = "No such poll",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") long id, @Context Request request, @Context SecurityContext security) {
        PollView poll = reads.poll(id);
        VoteView myVote = security.getUserPrincipal() == null ? null
                : voting.findOnKnownPoll(id, security.getUserPrincipal().getName()).orElse(null);
        return conditional(request, json.poll(poll, myVote));
    }

    @GET
    @Path(ID + "/results")
    @Operation(summary = "A poll's vote counts and percentages")
    @APIResponse(responseCode = "200", description = "The results",
            content = @Content(schema = @Schema(implementation = ResultsJson.class)))
    @APIResponse(responseCode = "404", description = "No such poll",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response results(@PathParam("id") long id, @Context Request request) {
        return conditional(request, json.results(reads.results(id)));
    }

    @GET
    @Path(ID + "/results/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live results: a 'results' event now and after every change (at most about 4 per second)")
    @APIResponse(responseCode = "200", description = "text/event-stream of results events; the server ends it after"
            + " vote.live.max-stream-seconds (10 minutes by default), and a client reconnects as EventSource does",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = ResultsJson.class)))
    @APIResponse(responseCode = "404", description = "No such poll",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "This server holds as many streams as it may; Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void stream(@PathParam("id") long id, @Context SseEventSink sink, @Context Sse sse) {
        stream.subscribe(id, sink, sse);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN_NAME)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Create a poll (administrators)")
    @APIResponse(responseCode = "201", description = "Created; Location names the new poll",
            content = @Content(schema = @Schema(implementation = PollJson.class)))
    @APIResponse(responseCode = "400", description = "Invalid poll",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    public Response create(@NotNull(message = "A JSON body describing the poll is required.") @Valid NewPollJson poll,
            @Context UriInfo uri, @Context SecurityContext security) {
        PollView created = polls.create(new NewPoll(poll.getQuestion(), poll.getDescription(), poll.getOptions(), poll.getClosesAt()),
                security.getUserPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build())
                .entity(PollJson.of(created)).build();
    }

    @POST
    @Path(ID + "/close")
    @RequiresRole(Role.ADMIN_NAME)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Close a poll: it takes no more votes (administrators)")
    @APIResponse(responseCode = "200", description = "The closed poll",
            content = @Content(schema = @Schema(implementation = PollJson.class)))
    @APIResponse(responseCode = "404", description = "No such poll")
    public PollJson close(@PathParam("id") long id) {
        return PollJson.of(polls.close(id));
    }

    @DELETE
    @Path(ID)
    @RequiresRole(Role.ADMIN_NAME)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Delete a poll and its votes (administrators)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such poll")
    public void delete(@PathParam("id") long id) {
        polls.delete(id);
    }

    /**
     * 304 when the client's copy is current, else the representation with its ETag. An If-None-Match
     * that is not a list of entity tags is the client's mistake: 400, not the 500 that Jersey's parse
     * failure would become.
     */
    private static Response conditional(Request request, PollJsonWriter.Written representation) {
        EntityTag tag = representation.tag();
        Response.ResponseBuilder notModified;
        try {
            notModified = request.evaluatePreconditions(tag);
        } catch (ProcessingException unreadableHeader) {
            throw new BadRequestException("If-None-Match must be * or a list of entity tags such as \"abc\".");
        }
        Response.ResponseBuilder response = notModified != null ? notModified : Response.ok(representation.json());
        return response.tag(tag).header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION).build();
    }

    private static int boundedInt(String value, String name, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException(name + " must be a whole number from " + min + " to " + max + ".");
    }
}
