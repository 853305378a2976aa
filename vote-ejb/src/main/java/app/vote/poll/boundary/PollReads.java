package app.vote.poll.boundary;

import app.vote.ballot.boundary.VoteCountChanged;
import app.vote.poll.control.SnapshotCache;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The hot reads, a poll, its results and the poll listings, served from memory between changes.
 *
 * <p><b>Same instance: exact.</b> Every cast, change, withdrawal, close and delete fires
 * {@link VoteCountChanged}; its {@code AFTER_SUCCESS} observer below runs while the transaction
 * completes, before the service method returns, so the cache has forgotten the old counts before
 * the client gets its 201. Readers that raced with the write cannot put old counts back
 * ({@link SnapshotCache}'s generations).
 *
 * <p><b>Other instances: bounded.</b> Instances behind the load balancer share PostgreSQL but not
 * memory, and there is no cheap read that tells whether a poll's counts moved: a version bumped
 * by every vote would make all votes of a poll queue for one row lock. So an entry lives at most
 * {@code vote.results.cache-max-age-ms} (default 1 s): a vote cast through another instance shows
 * here within that time, the same order as the live results' own 250 ms coalescing. With one
 * instance, or with sticky sessions for pages, voters always see their own vote at once.
 *
 * <p><b>Listings</b> (which polls a page holds, and how many there are) change only when a poll
 * is created, closed or deleted ({@link PollListingChanged}, forgotten on commit like the counts)
 * or when a closing time passes (an entry is not served from the next closing time on). The same
 * bound applies to polls created or closed through another instance. Only the first
 * {@value #CACHED_PAGES} pages are cached, so clients cannot fill the memory with page numbers.
 */
@ApplicationScoped
public class PollReads {

    @EJB
    PollService polls;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "vote.results.cache-max-age-ms", defaultValue = "1000")
    long maxAgeMillis;

    static final int CACHED_PAGES = 10;

    private SnapshotCache<PollSnapshot> snapshots;

    private SnapshotCache<ListingSnapshot> listings;

    @PostConstruct
    void createCaches() {
        snapshots = new SnapshotCache<>(TimeUnit.MILLISECONDS.toNanos(maxAgeMillis));
        listings = new SnapshotCache<>(TimeUnit.MILLISECONDS.toNanos(maxAgeMillis));
    }

    /**
     * A page of polls as {@link PollService#list} gives it, each poll from its snapshot, the page's
     * ids and count from the cached listing. A poll deleted between the two reads is left out.
     */
    public PageView<PollView> list(PollFilter filter, int page, int size) {
        PageView<Long> ids = listing(filter, page, size).ids();
        List<PollView> items = new ArrayList<>(ids.items().size());
        for (long id : ids.items()) {
            try {
                items.add(poll(id));
            } catch (PollNotFoundException deletedMeanwhile) {
                // left out of this page; the next listing no longer counts it
            }
        }
        return new PageView<>(items, ids.page(), ids.size(), ids.totalItems());
    }

    /** The poll with its total; {@link PollNotFoundException} for an unknown id. */
    public PollView poll(long pollId) {
        return snapshot(pollId).poll();
    }

    /** The poll's counts, including every vote acknowledged by this instance so far. */
    public ResultsView results(long pollId) {
        return snapshot(pollId).results();
    }

    private ListingSnapshot listing(PollFilter filter, int page, int size) {
        int sizes = PollService.MAX_PAGE_SIZE + 1;
        if (page < 0 || page >= CACHED_PAGES || size < 1 || size >= sizes) {
            return polls.listing(filter, page, size);
        }
        long key = ((long) filter.ordinal() * CACHED_PAGES + page) * sizes + size;
        return listings.get(key, k -> polls.listing(filter, page, size), listing -> listing.outdatedAt(clock.instant()));
    }

    private PollSnapshot snapshot(long pollId) {
        return snapshots.get(pollId, polls::snapshot, snapshot -> snapshot.outdatedAt(clock.instant()));
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) VoteCountChanged change) {
        snapshots.invalidate(change.pollId());
    }

    void forgetListings(@Observes(during = TransactionPhase.AFTER_SUCCESS) PollListingChanged change) {
        listings.invalidateAll();
    }
}
