package app.vote.ballot.boundary;

import app.vote.platform.DomainException;
import java.util.Optional;

/**
 * What a batch of first votes ({@link VotingService#castAll}) did with one ballot: counted it,
 * found the rule that refused it, or neither (the batch was not written, or the refusal was not one
 * a caller can be told), in which case the ballot is cast alone ({@link BallotBox}).
 */
public record BallotOutcome(Optional<VoteView> counted, Optional<DomainException> refused) {

    private static final BallotOutcome UNDECIDED = new BallotOutcome(Optional.empty(), Optional.empty());

    static BallotOutcome counted(VoteView vote) {
        return new BallotOutcome(Optional.of(vote), Optional.empty());
    }

    static BallotOutcome refused(DomainException rule) {
        return new BallotOutcome(Optional.empty(), Optional.of(rule));
    }

    static BallotOutcome undecided() {
        return UNDECIDED;
    }
}
