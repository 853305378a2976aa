package app.vote.ballot.boundary;

/**
 * A poll's results changed: a vote was cast, changed or withdrawn, or the poll was closed or deleted. Fired
 * inside the transaction; observers that push results use {@code during = AFTER_SUCCESS} so they
 * only ever announce what was committed.
 */
public record VoteCountChanged(long pollId) {
}
