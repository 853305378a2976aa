package app.vote.poll.boundary;

import java.time.Instant;

/**
 * One page of a listing as poll ids, as of one moment, with the next moment at which a poll's
 * closing time moves it from the open to the closed listing (null if none is due or the listing
 * does not depend on it): what {@link PollReads} caches.
 */
public record ListingSnapshot(PageView<Long> ids, Instant nextClosing) {

    /** Whether a closing time has passed since this was read, so the page may hold the wrong polls. */
    boolean outdatedAt(Instant now) {
        return nextClosing != null && !now.isBefore(nextClosing);
    }
}
