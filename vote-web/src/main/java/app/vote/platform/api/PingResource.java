package app.vote.platform.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The benchmark's yardstick: the cheapest answer this API can give, through the same filters as
 * every other request, so the load test can state results and poll reads as a share of what the
 * server does with no work at all. It exists only when {@code vote.benchmark.ping=true} (the load
 * harness sets it); otherwise it is a 404 like any unknown path and is left out of the API's
 * description.
 */
@Path("ping")
@ApplicationScoped
public class PingResource {

    private static final String PONG = "{\"pong\":true}";

    @Inject
    @ConfigProperty(name = "vote.benchmark.ping", defaultValue = "false")
    boolean enabled;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public String ping() {
        if (!enabled) {
            throw new NotFoundException();
        }
        return PONG;
    }
}
