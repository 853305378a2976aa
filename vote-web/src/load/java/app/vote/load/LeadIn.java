package app.vote.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;

/**
 * The unmeasured lead-in of a simulation: the requests of its first measured phase, under names of
 * their own, for {@link LoadSettings#leadInSeconds()} from the same number of users, so that the
 * Gatling JVM has compiled its HTTP client and checks before the first figure is taken. Its
 * requests still count as failures (each simulation asserts none), but summarize.py leaves them
 * out of the figures.
 */
final class LeadIn {

    /** What summarize.py recognises a lead-in request by; keep the two in step. */
    static final String PREFIX = "lead-in: ";

    private LeadIn() {
    }

    static String name(String request) {
        return PREFIX + request;
    }

    /** {@code measured}, preceded by {@code requests} in a loop when a lead-in is configured. */
    static PopulationBuilder before(PopulationBuilder measured, ChainBuilder requests, int users) {
        int seconds = LoadSettings.leadInSeconds();
        if (seconds <= 0) {
            return measured;
        }
        return scenario("generator lead-in (unmeasured)").during(seconds).on(requests)
                .injectOpen(atOnceUsers(users))
                .andThen(measured);
    }
}
