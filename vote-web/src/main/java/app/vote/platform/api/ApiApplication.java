package app.vote.platform.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The integrators' JSON API, versioned in its path so a future v2 can live beside it. */
@ApplicationPath("api/v1")
public class ApiApplication extends Application {
}
