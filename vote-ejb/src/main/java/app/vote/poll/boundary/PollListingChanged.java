package app.vote.poll.boundary;

/**
 * A poll was created, closed or deleted, so which polls a listing holds may have changed. Fired
 * inside the transaction; {@link PollReads} forgets its cached listings once it commits.
 */
public record PollListingChanged(long pollId) {
}
