package app.vote.platform.lifecycle;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops the server the way a task behind a load balancer must stop: on SIGTERM (what ECS and
 * {@code docker stop} send) readiness turns DOWN first, the server keeps answering while the load
 * balancer notices, waits for the requests in flight, and only then exits.
 *
 * <p>Why a signal handler rather than a shutdown hook: the JVM runs all shutdown hooks at once, and
 * Payara's own hook closes the HTTP listener at once, cutting requests in flight and leaving no
 * moment in which readiness could say DOWN. Taking over SIGTERM lets us drain first and then call
 * {@link System#exit}, which runs Payara's hook as before. SIGINT (Ctrl+C on a laptop) is left alone.
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = Logger.getLogger(GracefulStop.class.getName());
    private static final Signal TERM = new Signal("TERM");

    /** How long to keep serving after SIGTERM while load balancers see readiness DOWN. */
    @Inject
    @ConfigProperty(name = "vote.shutdown.drain-seconds", defaultValue = "3")
    int drainSeconds;

    /** The longest wait for requests in flight; with the drain, well inside ECS's 30 s stop timeout. */
    @Inject
    @ConfigProperty(name = "vote.shutdown.in-flight-timeout-seconds", defaultValue = "15")
    int inFlightTimeoutSeconds;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private SignalHandler previousHandler;

    void takeOverSigterm(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        previousHandler = Signal.handle(TERM, signal -> beginStop());
    }

    /** On undeploy the handler must not outlive this application's class loader. */
    @PreDestroy
    void giveBackSigterm() {
        if (previousHandler != null && !stopping.get()) {
            Signal.handle(TERM, previousHandler);
        }
    }

    public boolean isStopping() {
        return stopping.get();
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestFinished() {
        inFlight.decrementAndGet();
    }

    private void beginStop() {
        if (stopping.compareAndSet(false, true)) {
            Thread drain = new Thread(this::drainThenExit, "vote-graceful-stop");
            drain.start();
        }
    }

    private void drainThenExit() {
        LOG.info(() -> "SIGTERM: readiness is DOWN; serving for " + drainSeconds
                + " s more, then waiting up to " + inFlightTimeoutSeconds + " s for requests in flight");
        pause(Duration.ofSeconds(drainSeconds));
        Instant giveUp = Instant.now().plusSeconds(inFlightTimeoutSeconds);
        while (inFlight.get() > 0 && Instant.now().isBefore(giveUp)) {
            pause(Duration.ofMillis(50));
        }
        int unfinished = inFlight.get();
        LOG.info(() -> "Stopping the server now (" + unfinished + " request(s) still in flight)");
        System.exit(0);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
