package app.vote.poll.boundary;

/** How many votes one option has, and its share of all votes in whole-number percent. */
public record OptionResult(long id, String text, long votes, int percent) {
}
