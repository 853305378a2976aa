package app.vote.load;

import java.nio.file.Path;

/**
 * What a load run aims at and how hard, from system properties (run-benchmark.sh passes them to
 * Maven, the Gatling plugin hands them on). Defaults fit a server of command 1 on this machine.
 */
final class LoadSettings {

    private LoadSettings() {
    }

    static String baseUrl() {
        return System.getProperty("vote.load.baseUrl", "http://127.0.0.1:8080");
    }

    /** Concurrent connections (one virtual user keeps one keep-alive connection). */
    static int connections() {
        return Integer.getInteger("vote.load.connections", 64);
    }

    static int browsers() {
        return Integer.getInteger("vote.load.browsers", 16);
    }

    static int signInUsers() {
        return Integer.getInteger("vote.load.signInUsers", 4);
    }

    /** Length of each measured phase. */
    static int seconds() {
        return Integer.getInteger("vote.load.seconds", 20);
    }

    /**
     * The longest the unmeasured lead-in before a simulation's first measured phase may last (0:
     * none); it ends earlier once the generator's JIT has settled ({@link LeadIn}). Each simulation
     * starts a fresh JVM whose own JIT is cold; without a lead-in, a phase that opens a simulation
     * is measured against a generator that takes most of the 2 cores (PERFORMANCE.md section 35).
     */
    static int leadInSeconds() {
        return Integer.getInteger("vote.load.leadInSeconds", 60);
    }

    /** Accounts seeded for the vote storm: each casts exactly one vote, so this caps the votes of a run. */
    static int voters() {
        return Integer.getInteger("vote.load.voters", 20_000);
    }

    static String jdbcUrl() {
        return required("vote.load.jdbcUrl");
    }

    static String jdbcUser() {
        return System.getProperty("vote.load.jdbcUser", "");
    }

    static String jdbcPassword() {
        return System.getProperty("vote.load.jdbcPassword", "");
    }

    static String adminUser() {
        return System.getProperty("vote.load.adminUser", "admin");
    }

    static String adminPassword() {
        return required("vote.load.adminPassword");
    }

    /** Where the ledgers and correctness verdicts go, for run-benchmark.sh's summary. */
    static Path outputDir() {
        return Path.of(System.getProperty("vote.load.out", "target/load"));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is required (run-benchmark.sh sets it)");
        }
        return value;
    }
}
