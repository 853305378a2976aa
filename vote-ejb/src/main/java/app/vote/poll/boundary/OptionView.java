package app.vote.poll.boundary;

/** One answer of a poll as callers see it. */
public record OptionView(long id, String text) {
}
