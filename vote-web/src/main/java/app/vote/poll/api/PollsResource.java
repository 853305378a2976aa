package app.vote.poll.api;

import app.vote.poll.boundary.PageView;
import app.vote.poll.boundary.PollFilter;
import app.vote.poll.boundary.PollService;
import app.vote.poll.boundary.PollView;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** Polls as JSON, readable by anyone. */
@Path("polls")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PollsResource {

    @EJB
    PollService polls;

    @GET
    public PollPageJson list(@QueryParam("status") @DefaultValue("open") String status,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        PollFilter filter = switch (status.toLowerCase(Locale.ROOT)) {
            case "open" -> PollFilter.OPEN;
            case "closed" -> PollFilter.CLOSED;
            case "all" -> PollFilter.ALL;
            default -> throw new BadRequestException("status must be open, closed or all");
        };
        if (page < 0 || size < 1 || size > PollService.MAX_PAGE_SIZE) {
            throw new BadRequestException("page must be 0 or more and size between 1 and " + PollService.MAX_PAGE_SIZE);
        }
        PageView<PollView> result = polls.list(filter, page, size);
        return new PollPageJson(result.items().stream().map(PollJson::of).toList(),
                result.page(), result.size(), result.totalItems());
    }
}
