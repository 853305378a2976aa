package app.vote.ballot.boundary;

/**
 * The counts of a poll changed: a vote was cast, changed or withdrawn. {@link VotingService} fires
 * it inside the voting transaction, whoever called it (a Faces page or the JSON API); observe it
 * with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to hear only of committed votes.
 */
public record VoteCountChanged(long pollId) {
}
