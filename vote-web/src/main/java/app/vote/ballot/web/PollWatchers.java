package app.vote.ballot.web;

import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many poll pages on this server have their live-results web socket open, per poll, so that
 * {@link LiveResults} pushes only to polls somebody watches here, as {@code ResultsStream} does
 * for the API's subscribers (why: PERFORMANCE.md section 16).
 *
 * <p>A close without a matching open (a socket of the previous deployment, say) never takes a
 * count below zero, so it cannot silence a poll that a page still watches.
 */
final class PollWatchers {

    private final ConcurrentMap<String, Integer> openSockets = new ConcurrentHashMap<>();

    void opened(Serializable pollId) {
        openSockets.merge(key(pollId), 1, Integer::sum);
    }

    void closed(Serializable pollId) {
        openSockets.computeIfPresent(key(pollId), (poll, count) -> count > 1 ? count - 1 : null);
    }

    boolean watched(Serializable pollId) {
        return openSockets.containsKey(key(pollId));
    }

    /** The page gives its poll's id as it renders it; the event's id is a {@code Long}. */
    private static String key(Serializable pollId) {
        return String.valueOf(pollId);
    }
}
