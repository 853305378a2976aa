package app.vote.poll.api;

import app.vote.ballot.boundary.VoteView;
import app.vote.poll.boundary.PollView;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A poll on the wire. Status is lower-case ("open" or "closed"); times are ISO-8601 UTC;
 * {@code closesAt} is null for a poll without a closing time; {@code myVote} appears only for an
 * authenticated caller who voted.
 */
@JsonbPropertyOrder({"id", "question", "description", "status", "createdAt", "closesAt", "options", "totalVotes", "myVote"})
public record PollJson(long id, String question, String description, String status, Instant createdAt,
        @JsonbNillable Instant closesAt, List<OptionJson> options, long totalVotes, MyVoteJson myVote) {

    public record OptionJson(long id, String text) {
    }

    public record MyVoteJson(long optionId, Instant castAt) {
    }

    static PollJson of(PollView poll) {
        return of(poll, null);
    }

    static PollJson of(PollView poll, VoteView myVote) {
        return new PollJson(poll.id(), poll.question(), poll.description(),
                poll.status().name().toLowerCase(Locale.ROOT), poll.createdAt(), poll.closesAt(),
                poll.options().stream().map(o -> new OptionJson(o.id(), o.text())).toList(),
                poll.totalVotes(), myVote == null ? null : new MyVoteJson(myVote.optionId(), myVote.castAt()));
    }
}
