package app.vote.reliability;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the clients were told, per voter and poll: the states the database may legitimately hold.
 * An acknowledged answer (201, 200, 204) pins the state down; an answer that never came (a
 * connection cut, a time-out, a 5xx) leaves both the old and the intended state possible, because
 * the client cannot know whether the server committed before it went silent.
 */
final class Ledger {

    static final long NO_VOTE = 0L;

    record Key(String username, long pollId) {
    }

    private final Map<Key, Set<Long>> possibleStates = new ConcurrentHashMap<>();

    void acknowledged(Key key, long state) {
        possibleStates.put(key, Set.of(state));
    }

    void unknownOutcome(Key key, long intendedState) {
        possibleStates.compute(key, (k, states) -> {
            Set<Long> widened = new HashSet<>(states == null ? Set.of(NO_VOTE) : states);
            widened.add(intendedState);
            return Set.copyOf(widened);
        });
    }

    /** A 409 "already voted": whatever was uncertain, a vote exists. */
    void voteExists(Key key) {
        possibleStates.computeIfPresent(key, (k, states) -> {
            Set<Long> votes = states.stream().filter(state -> state != NO_VOTE).collect(Collectors.toSet());
            return votes.isEmpty() ? states : Set.copyOf(votes);
        });
    }

    /** Whether the client was told, without doubt, that this voter has a vote on this poll. */
    boolean certainlyVoted(Key key) {
        Set<Long> states = possibleStates.get(key);
        return states != null && states.size() == 1 && !states.contains(NO_VOTE);
    }

    /** Compares with the rows read from the database after the run. */
    Verdict compareWith(Map<Key, Long> storedVotes) {
        int acknowledgedVotes = 0;
        int acknowledgedVotesStored = 0;
        int uncertain = 0;
        List<String> mismatches = new java.util.ArrayList<>();
        for (Map.Entry<Key, Set<Long>> entry : possibleStates.entrySet()) {
            long stored = storedVotes.getOrDefault(entry.getKey(), NO_VOTE);
            Set<Long> possible = entry.getValue();
            if (possible.size() > 1) {
                uncertain++;
            } else if (!possible.contains(NO_VOTE)) {
                acknowledgedVotes++;
                if (possible.contains(stored)) {
                    acknowledgedVotesStored++;
                }
            }
            if (!possible.contains(stored)) {
                mismatches.add(entry.getKey() + " told " + possible + " but the database holds "
                        + (stored == NO_VOTE ? "no vote" : "option " + stored));
            }
        }
        for (Key stored : storedVotes.keySet()) {
            if (!possibleStates.containsKey(stored)) {
                mismatches.add(stored + " has a vote no client ever asked for");
            }
        }
        return new Verdict(acknowledgedVotes, acknowledgedVotesStored, uncertain, storedVotes.size(), mismatches);
    }

    /**
     * @param acknowledgedVotes votes whose last answer was an acknowledgement of a vote
     * @param acknowledgedVotesStored of those, how many the database holds with the acknowledged option
     * @param uncertainOutcomes voter/poll pairs whose last request got no answer (either state is fine)
     * @param storedVotes the rows in the database for this run's voters
     * @param mismatches every pair whose stored state contradicts what its client was told
     */
    record Verdict(int acknowledgedVotes, int acknowledgedVotesStored, int uncertainOutcomes, int storedVotes,
            List<String> mismatches) {

        @Override
        public String toString() {
            return "acknowledged votes " + acknowledgedVotes + ", of which stored " + acknowledgedVotesStored
                    + ", uncertain outcomes " + uncertainOutcomes + ", rows stored " + storedVotes
                    + ", mismatches " + mismatches.size()
                    + (mismatches.isEmpty() ? "" : " e.g. " + mismatches.subList(0, Math.min(5, mismatches.size())));
        }
    }
}
