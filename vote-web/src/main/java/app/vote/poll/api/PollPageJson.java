package app.vote.poll.api;

import java.util.List;

/** One page of polls and what a client needs to ask for the next one. */
public record PollPageJson(List<PollJson> items, int page, int size, long totalItems) {
}
