package app.vote.poll.boundary;

import java.time.Instant;

/** A poll and its results read together, as of one moment: what {@link PollReads} caches. */
public record PollSnapshot(PollView poll, ResultsView results) {

    /** Whether the poll's closing time has passed since this was read, so its "open" status is out of date. */
    boolean outdatedAt(Instant now) {
        return poll.open() && poll.closesAt() != null && !now.isBefore(poll.closesAt());
    }
}
