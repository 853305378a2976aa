package app.vote.reliability;

import app.vote.reliability.Exchange.Transport;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Every answer the storm received, by outcome, plus the slowest one and samples of the bad ones. */
final class StormStats {

    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final LongAdder serverErrorsOtherThan503 = new LongAdder();
    private final LongAdder malformed503s = new LongAdder();
    private final LongAdder leakedInternals = new LongAdder();
    private final List<String> samples = new CopyOnWriteArrayList<>();
    private final Queue<Long> latenciesMillis = new ConcurrentLinkedQueue<>();
    private final Queue<Timing> timings = new ConcurrentLinkedQueue<>();

    private record Timing(long startedNanos, long millis) {
    }

    void record(Exchange exchange) {
        requests.increment();
        slowestMillis.accumulateAndGet(exchange.millis(), Math::max);
        latenciesMillis.add(exchange.millis());
        timings.add(new Timing(exchange.startedNanos(), exchange.millis()));
        String outcome = exchange.answered() ? Integer.toString(exchange.status()) : exchange.transport().name().toLowerCase();
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        if (exchange.answered() && exchange.status() >= 500 && exchange.status() != 503) {
            serverErrorsOtherThan503.increment();
            sample(exchange);
        }
        if (exchange.is(503) && (exchange.retryAfter().isEmpty()
                || !exchange.contentType().orElse("").startsWith("application/problem+json"))) {
            malformed503s.increment();
            sample(exchange);
        }
        if (exchange.answered() && Internals.leakedIn(exchange.body())) {
            leakedInternals.increment();
            sample(exchange);
        }
    }

    private void sample(Exchange exchange) {
        if (samples.size() < 10) {
            samples.add(exchange.toString());
        }
    }

    long requests() {
        return requests.sum();
    }

    long count(String outcome) {
        LongAdder adder = outcomes.get(outcome);
        return adder == null ? 0 : adder.sum();
    }

    long serverErrors() {
        return outcomes.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("5"))
                .mapToLong(entry -> entry.getValue().sum()).sum();
    }

    long serverErrorsOtherThan503() {
        return serverErrorsOtherThan503.sum();
    }

    long malformed503s() {
        return malformed503s.sum();
    }

    long leakedInternals() {
        return leakedInternals.sum();
    }

    /** Requests the server never answered within the clients' time-out: on a live server, a hang. */
    long hangs() {
        return count(Transport.TIMED_OUT.name().toLowerCase());
    }

    long slowestMillis() {
        return slowestMillis.get();
    }

    /** The slowest answer to a request sent within the given {@link System#nanoTime()} window, in ms. */
    long slowestMillisOfRequestsSentBetween(long fromNanos, long toNanos) {
        return timings.stream()
                .filter(timing -> timing.startedNanos() >= fromNanos && timing.startedNanos() <= toNanos)
                .mapToLong(Timing::millis).max().orElse(0);
    }

    /** The latency below which the given share of requests were answered, in ms. */
    long percentileMillis(double share) {
        long[] sorted = latenciesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
    }

    List<String> samples() {
        return samples;
    }

    @Override
    public String toString() {
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((outcome, count) -> sorted.put(outcome, count.sum()));
        return requests() + " requests " + sorted + ", latency p50 " + percentileMillis(0.50) + " ms, p99 "
                + percentileMillis(0.99) + " ms, slowest " + slowestMillis() + " ms"
                + (samples.isEmpty() ? "" : ", samples " + samples);
    }

    /** What must never reach a client: stack traces and SQL. */
    static final class Internals {

        private static final List<String> MARKERS = List.of(
                "\tat ", "Exception:", "org.eclipse.persistence", "SQLState", "org.postgresql", "org.h2.");

        private Internals() {
        }

        static boolean leakedIn(String body) {
            return body != null && MARKERS.stream().anyMatch(body::contains);
        }
    }
}
