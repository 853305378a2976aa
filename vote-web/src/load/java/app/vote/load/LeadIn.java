package app.vote.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The unmeasured lead-in of a simulation: the requests of its measured phases, under names of
 * their own, until this Gatling JVM's JIT has settled. Where the measured users are long-lived
 * (the API's), they run the lead-in themselves and go straight on to be measured, on connections
 * that are already open; the browser voters, each a new visitor, get lead-in users of their own. Each
 * simulation is a new JVM, and against a warmed server a cold generator needs 15–20 s of load
 * before its compilers stop taking a large share of its CPU; until then it is the bottleneck
 * (PERFORMANCE.md section 36). Settled means what it means for the server's warm-up passes: the
 * compilers took under 10 % of the process's CPU, here over the last 2 s. The lead-in lasts at
 * least {@value #MINIMUM_SECONDS} s and at most {@link LoadSettings#leadInSeconds()}.
 *
 * <p>Lead-in requests still count as failures (each simulation asserts none), but summarize.py
 * leaves them out of the figures; how long each lead-in took goes to {@code lead-ins.txt}.
 */
final class LeadIn {

    /** What summarize.py recognises a lead-in request by; keep the two in step. */
    static final String PREFIX = "lead-in: ";

    private static final int MINIMUM_SECONDS = 3;
    private static final int WINDOW_SECONDS = 2;
    private static final double SETTLED_JIT_SHARE = 0.10;

    private static volatile boolean over;
    private static ScheduledExecutorService watcher;

    private LeadIn() {
    }

    static String name(String request) {
        return PREFIX + request;
    }

    /**
     * The opening of a scenario: {@code requests} in a loop until the generator has settled. Its
     * users then go on to the measured phases on the same keep-alive connections, without a pause.
     */
    static ChainBuilder first(Simulation simulation, ChainBuilder requests) {
        int maximum = LoadSettings.leadInSeconds();
        if (maximum <= 0) {
            return exec(session -> session);
        }
        return exec(session -> {
            startWatching(simulation.getClass().getSimpleName(), maximum);
            return session;
        }).asLongAs(session -> !over).on(exec(requests));
    }

    /**
     * {@code measured}, preceded by users of its own looping over {@code requests} until the
     * generator has settled: for a simulation whose measured users each stand for a new visitor.
     */
    static PopulationBuilder before(Simulation simulation, PopulationBuilder measured, ChainBuilder requests, int users) {
        if (LoadSettings.leadInSeconds() <= 0) {
            return measured;
        }
        return scenario("generator lead-in (unmeasured)").exec(first(simulation, requests))
                .injectOpen(atOnceUsers(users))
                .andThen(measured);
    }

    private static synchronized void startWatching(String simulation, int maximumSeconds) {
        if (watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lead-in watcher");
            thread.setDaemon(true);
            return thread;
        });
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long started = System.nanoTime();
        long[] jitMillis = new long[WINDOW_SECONDS + 1];
        long[] cpuNanos = new long[WINDOW_SECONDS + 1];
        int[] tick = {0};
        watcher.scheduleAtFixedRate(() -> {
            int slot = tick[0] % jitMillis.length;
            jitMillis[slot] = jit.getTotalCompilationTime();
            cpuNanos[slot] = process.getProcessCpuTime();
            tick[0]++;
            int seconds = (int) TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            boolean atMaximum = seconds >= maximumSeconds;
            if (!atMaximum && (tick[0] <= WINDOW_SECONDS || seconds < MINIMUM_SECONDS)) {
                return;
            }
            int window = Math.min(tick[0] - 1, WINDOW_SECONDS);
            int oldest = window < WINDOW_SECONDS ? 0 : tick[0] % jitMillis.length;
            // Compilation time is the compilers' elapsed time, summed over their threads: on a busy
            // machine it errs high (above 100 % of the CPU time at a cold start), so the lead-in errs long.
            double share = TimeUnit.MILLISECONDS.toNanos(jitMillis[slot] - jitMillis[oldest])
                    / (double) Math.max(1, cpuNanos[slot] - cpuNanos[oldest]);
            boolean settled = share < SETTLED_JIT_SHARE;
            if (settled || atMaximum) {
                over = true;
                record(String.format(Locale.ROOT, "%s: %d s, then the generator's compilation time was %.0f %% of its CPU time over %d s%s",
                        simulation, seconds, 100 * share, window,
                        settled ? "" : " (stopped at --lead-in's maximum, not settled)"));
                watcher.shutdown();
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    private static void record(String line) {
        System.out.println("Lead-in over: " + line);
        try {
            Files.createDirectories(LoadSettings.outputDir());
            Files.writeString(LoadSettings.outputDir().resolve("lead-ins.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
