package app.vote.platform.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once a stop has begun, so the load balancer sends no new requests while we drain. */
@Readiness
@ApplicationScoped
public class StoppingReadinessCheck implements HealthCheck {

    @Inject
    GracefulStop gracefulStop;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepting-requests").status(!gracefulStop.isStopping()).build();
    }
}
