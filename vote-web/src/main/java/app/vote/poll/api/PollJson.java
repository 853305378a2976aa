package app.vote.poll.api;

import app.vote.poll.boundary.PollView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A poll on the wire. Status is lower-case ("open" or "closed"); times are ISO-8601 UTC. */
public record PollJson(long id, String question, String description, String status, Instant createdAt,
        Instant closesAt, List<OptionJson> options, long totalVotes) {

    public record OptionJson(long id, String text) {
    }

    static PollJson of(PollView poll) {
        return new PollJson(poll.id(), poll.question(), poll.description(),
                poll.status().name().toLowerCase(Locale.ROOT), poll.createdAt(), poll.closesAt(),
                poll.options().stream().map(o -> new OptionJson(o.id(), o.text())).toList(),
                poll.totalVotes());
    }
}
