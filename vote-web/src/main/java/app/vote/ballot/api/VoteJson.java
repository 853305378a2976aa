package app.vote.ballot.api;

import app.vote.ballot.boundary.VoteView;
import java.time.Instant;

/** A vote as its voter sees it. */
public record VoteJson(long pollId, long optionId, Instant castAt) {

    static VoteJson of(VoteView vote) {
        return new VoteJson(vote.pollId(), vote.optionId(), vote.castAt());
    }
}
