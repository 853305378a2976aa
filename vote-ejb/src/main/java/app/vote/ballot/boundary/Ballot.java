package app.vote.ballot.boundary;

/** One voter's first vote on a poll, handed in to be cast together with others ({@link BallotBox}). */
public record Ballot(long pollId, long optionId, String username) {
}
