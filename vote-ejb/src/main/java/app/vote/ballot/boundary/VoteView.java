package app.vote.ballot.boundary;

import app.vote.ballot.entity.Vote;
import java.time.Instant;

/** A vote as its own voter sees it. */
public record VoteView(long pollId, long optionId, Instant castAt) {

    static VoteView of(Vote vote) {
        return new VoteView(vote.getPollId(), vote.getOptionId(), vote.getCastAt());
    }
}
