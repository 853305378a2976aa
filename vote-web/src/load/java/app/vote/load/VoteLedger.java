package app.vote.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server acknowledged, as the clients saw it: a 201 for a cast or a 200 for a change is
 * a promise that the vote counts. After the run the ledger is held against the vote rows in the
 * database and against the results the API serves; any acknowledged vote that is missing, doubled
 * or counted for another option fails the run.
 */
final class VoteLedger {

    private final String name;
    private final Map<String, Map<Long, Long>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong casts = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final Map<Long, AtomicLong> castsByPoll = new ConcurrentHashMap<>();
    private volatile long firstSentNanos = Long.MAX_VALUE;
    private volatile long lastAckNanos;

    VoteLedger(String name) {
        this.name = name;
    }

    synchronized void sending() {
        if (firstSentNanos == Long.MAX_VALUE) {
            firstSentNanos = System.nanoTime();
        }
    }

    /** Records a 201 and answers how many casts on this poll had been acknowledged by then. */
    long cast(String username, long pollId, long optionId) {
        acknowledged.computeIfAbsent(username, u -> new ConcurrentHashMap<>()).put(pollId, optionId);
        casts.incrementAndGet();
        lastAckNanos = System.nanoTime();
        return castsByPoll.computeIfAbsent(pollId, p -> new AtomicLong()).incrementAndGet();
    }

    void changed(String username, long pollId, long optionId) {
        acknowledged.computeIfAbsent(username, u -> new ConcurrentHashMap<>()).put(pollId, optionId);
        changes.incrementAndGet();
        lastAckNanos = System.nanoTime();
    }

    long castsOn(long pollId) {
        AtomicLong count = castsByPoll.get(pollId);
        return count == null ? 0 : count.get();
    }

    /** Compares with the database and the API, writes {@code <name>-check.json} and says whether it held. */
    boolean verify(List<Long> pollIds) {
        Map<String, Map<Long, List<Long>>> rows = BenchData.votesOn(pollIds);
        long lost = 0;
        long doubled = 0;
        long wrongOption = 0;
        long unacknowledged = 0;
        List<String> examples = new ArrayList<>();
        Map<Long, Map<Long, Long>> expectedCounts = new HashMap<>();
        for (Map.Entry<String, Map<Long, Long>> voter : acknowledged.entrySet()) {
            for (Map.Entry<Long, Long> vote : voter.getValue().entrySet()) {
                expectedCounts.computeIfAbsent(vote.getKey(), p -> new HashMap<>()).merge(vote.getValue(), 1L, Long::sum);
                List<Long> found = rows.getOrDefault(voter.getKey(), Map.of()).getOrDefault(vote.getKey(), List.of());
                if (found.isEmpty()) {
                    lost++;
                    example(examples, "lost: " + voter.getKey() + " on poll " + vote.getKey());
                } else if (found.size() > 1) {
                    doubled++;
                    example(examples, "doubled: " + voter.getKey() + " on poll " + vote.getKey());
                } else if (!found.get(0).equals(vote.getValue())) {
                    wrongOption++;
                    example(examples, "wrong option: " + voter.getKey() + " on poll " + vote.getKey());
                }
            }
        }
        long rowCount = 0;
        for (Map.Entry<String, Map<Long, List<Long>>> voter : rows.entrySet()) {
            for (Map.Entry<Long, List<Long>> vote : voter.getValue().entrySet()) {
                rowCount += vote.getValue().size();
                if (!acknowledged.getOrDefault(voter.getKey(), Map.of()).containsKey(vote.getKey())) {
                    unacknowledged++;
                }
            }
        }
        long resultMismatches = 0;
        for (long pollId : pollIds) {
            JsonNode results = BenchData.results(pollId);
            Map<Long, Long> expected = expectedCounts.getOrDefault(pollId, Map.of());
            for (JsonNode option : results.get("options")) {
                long want = expected.getOrDefault(option.get("id").asLong(), 0L);
                if (option.get("votes").asLong() != want && unacknowledged == 0) {
                    resultMismatches++;
                    example(examples, "results of poll " + pollId + " option " + option.get("id").asLong() + ": "
                            + option.get("votes").asLong() + " instead of " + want);
                }
            }
        }
        boolean passed = lost == 0 && doubled == 0 && wrongOption == 0 && resultMismatches == 0;
        double seconds = (lastAckNanos - firstSentNanos) / 1e9;
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("ledger", name);
        verdict.put("passed", passed);
        verdict.put("acknowledgedCasts", casts.get());
        verdict.put("acknowledgedChanges", changes.get());
        verdict.put("voteRowsInDatabase", rowCount);
        verdict.put("lost", lost);
        verdict.put("doubled", doubled);
        verdict.put("wrongOption", wrongOption);
        verdict.put("inDatabaseButNotAcknowledged", unacknowledged);
        verdict.put("resultsMismatches", resultMismatches);
        verdict.put("castPhaseSeconds", seconds);
        verdict.put("acknowledgedCastsPerSecond", seconds > 0 ? casts.get() / seconds : 0);
        verdict.put("examples", examples);
        try {
            Files.createDirectories(LoadSettings.outputDir());
            Files.writeString(LoadSettings.outputDir().resolve(name + "-check.json"), BenchData.write(verdict));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.out.println("Vote check " + name + ": " + BenchData.write(verdict));
        return passed;
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < 10) {
            examples.add(text);
        }
    }

    static Path checkFile(String name) {
        return LoadSettings.outputDir().resolve(name + "-check.json");
    }
}
