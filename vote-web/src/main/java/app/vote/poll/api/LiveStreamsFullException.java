package app.vote.poll.api;

/**
 * This server already holds as many results streams as it is configured to
 * ({@code vote.live.max-streams}); a place frees up when a subscriber leaves.
 */
public class LiveStreamsFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    LiveStreamsFullException(int maxStreams, long retryAfterSeconds) {
        super("This server already sends live results to " + maxStreams
                + " subscribers. The results themselves are at GET /polls/{id}/results; subscribe again later.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
