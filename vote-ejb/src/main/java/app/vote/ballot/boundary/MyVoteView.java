package app.vote.ballot.boundary;

import app.vote.poll.entity.PollStatus;
import java.time.Instant;

/** One of a voter's own votes, with what they need to recognise it: the poll's question and their option. */
public record MyVoteView(long pollId, String question, PollStatus pollStatus, long optionId, String optionText,
        Instant castAt) {

    public boolean pollOpen() {
        return pollStatus == PollStatus.OPEN;
    }
}
