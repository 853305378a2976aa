package app.vote.poll.boundary;

import app.vote.poll.entity.Poll;
import app.vote.poll.entity.PollStatus;
import java.time.Instant;
import java.util.List;

/** A poll as the web tier sees it: plain data, its status as of the moment it was read. */
public record PollView(long id, String question, String description, PollStatus status, Instant createdAt,
        Instant closesAt, List<OptionView> options, long totalVotes) {

    public boolean open() {
        return status == PollStatus.OPEN;
    }

    static PollView of(Poll poll, long totalVotes, Instant now) {
        return new PollView(poll.getId(), poll.getQuestion(), poll.getDescription(), poll.statusAt(now),
                poll.getCreatedAt(), poll.getClosesAt(),
                poll.getOptions().stream().map(o -> new OptionView(o.getId(), o.getLabel())).toList(),
                totalVotes);
    }
}
