package app.vote.poll.boundary;

import java.time.Instant;
import java.util.List;

/** What an administrator asks for when creating a poll. {@link app.vote.poll.entity.Poll} enforces the rules. */
public record NewPoll(String question, String description, List<String> options, Instant closesAt) {
}
