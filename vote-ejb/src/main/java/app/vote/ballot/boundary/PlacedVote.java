package app.vote.ballot.boundary;

/** The voter's vote after {@link VotingService#castOrChange}: {@code cast} when there was none before. */
public record PlacedVote(VoteView vote, boolean cast) {
}
