package app.vote.poll.boundary;

import app.vote.account.entity.Account;
import app.vote.ballot.entity.OptionTally;
import app.vote.poll.entity.Poll;
import app.vote.ballot.boundary.VoteCountChanged;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading, creating, closing and deleting polls. Counts come from the options' {@link OptionTally
 * tallies}, which the vote's own transaction keeps (VotingService); tests hold them to a count of
 * the vote rows.
 */
@Stateless
public class PollService {

    public static final int MAX_PAGE_SIZE = 100;

    private static final String NEWEST_FIRST = " ORDER BY p.createdAt DESC, p.id DESC";

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<VoteCountChanged> changes;

    @Inject
    Event<PollListingChanged> listingChanges;

    /** Newest first. "Open" compares the closing time with now, so the list never shows an expired poll as open. */
    public PageView<PollView> list(PollFilter filter, int page, int size) {
        int safePage = Math.max(page, 0);
        int safeSize = pageSize(size);
        Instant now = clock.instant();
        TypedQuery<Poll> query = listing(filter, "SELECT p", NEWEST_FIRST, Poll.class, now);
        // The page's options in one "IN (ids)" query, not one query per poll: a 20-poll page cost
        // 23 statements before and 4 now (PERFORMANCE.md). Standard EclipseLink hints, by name.
        query.setHint("eclipselink.batch", "p.options");
        query.setHint("eclipselink.batch.type", "IN");
        List<Poll> polls = query.setFirstResult(safePage * safeSize).setMaxResults(safeSize).getResultList();
        Map<Long, Long> totals = totalVotes(polls.stream().map(Poll::getId).toList());
        List<PollView> items = polls.stream()
                .map(p -> PollView.of(p, totals.getOrDefault(p.getId(), 0L), now))
                .toList();
        return new PageView<>(items, safePage, safeSize, count(filter, now));
    }

    /**
     * The same page as {@link #list} as poll ids only, for {@link PollReads}, which fills it from
     * its snapshots: statements that read no counts, which the snapshots already hold. For the open
     * and closed listings also the next closing time due, when the page may change without any
     * write.
     */
    public ListingSnapshot listing(PollFilter filter, int page, int size) {
        int safePage = Math.max(page, 0);
        int safeSize = pageSize(size);
        Instant now = clock.instant();
        List<Long> ids = listing(filter, "SELECT p.id", NEWEST_FIRST, Long.class, now)
                .setFirstResult(safePage * safeSize).setMaxResults(safeSize).getResultList();
        // The poll itself, not MIN(p.closesAt): EclipseLink hands an aggregate's raw JDBC value to
        // InstantConverter, and PostgreSQL's driver gives a Timestamp there (H2 an OffsetDateTime).
        Instant nextClosing = filter == PollFilter.ALL ? null
                : em.createQuery("SELECT p FROM Poll p WHERE p.status = app.vote.poll.entity.PollStatus.OPEN"
                        + " AND p.closesAt > :now ORDER BY p.closesAt", Poll.class)
                        .setParameter("now", now)
                        .setMaxResults(1)
                        .getResultStream().findFirst().map(Poll::getClosesAt).orElse(null);
        return new ListingSnapshot(new PageView<>(ids, safePage, safeSize, count(filter, now)), nextClosing);
    }

    private static int pageSize(int size) {
        return Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
    }

    private long count(PollFilter filter, Instant now) {
        return listing(filter, "SELECT COUNT(p)", "", Long.class, now).getSingleResult();
    }

    private <T> TypedQuery<T> listing(PollFilter filter, String select, String orderBy, Class<T> type, Instant now) {
        String condition = switch (filter) {
            case OPEN -> " WHERE p.status = app.vote.poll.entity.PollStatus.OPEN"
                    + " AND (p.closesAt IS NULL OR p.closesAt > :now)";
            case CLOSED -> " WHERE p.status = app.vote.poll.entity.PollStatus.CLOSED"
                    + " OR (p.closesAt IS NOT NULL AND p.closesAt <= :now)";
            case ALL -> "";
        };
        TypedQuery<T> query = em.createQuery(select + " FROM Poll p" + condition + orderBy, type);
        if (filter != PollFilter.ALL) {
            query.setParameter("now", now);
        }
        return query;
    }

    public PollView find(long pollId) {
        return snapshot(pollId).poll();
    }

    public ResultsView results(long pollId) {
        return snapshot(pollId).results();
    }

    /** The poll and its counts from one aggregate query (the total is their sum); what {@link PollReads} caches. */
    public PollSnapshot snapshot(long pollId) {
        Poll poll = require(pollId);
        Map<Long, Long> byOption = new HashMap<>();
        em.createNamedQuery(OptionTally.VOTES_BY_OPTION, Object[].class)
                .setParameter("pollId", pollId)
                .getResultList()
                .forEach(row -> byOption.put((Long) row[0], votes(row[1])));
        long total = byOption.values().stream().mapToLong(Long::longValue).sum();
        PollView view = PollView.of(poll, total, clock.instant());
        return new PollSnapshot(view, ResultsView.of(view, byOption));
    }

    public PollView create(NewPoll request, String creatorUsername) {
        Account creator = creatorUsername == null ? null
                : em.createNamedQuery(Account.BY_USERNAME, Account.class)
                        .setParameter("username", creatorUsername.toLowerCase(Locale.ROOT))
                        .getResultStream().findFirst().orElse(null);
        Instant now = clock.instant();
        Poll poll = new Poll(request.question(), request.description(), request.options(), request.closesAt(),
                creator, now);
        em.persist(poll);
        em.flush();
        em.createNamedQuery(OptionTally.OPEN_FOR_POLL).setParameter(1, poll.getId()).executeUpdate();
        listingChanges.fire(new PollListingChanged(poll.getId()));
        return PollView.of(poll, 0, now);
    }

    public PollView close(long pollId) {
        Poll poll = require(pollId);
        poll.close(clock.instant());
        changes.fire(new VoteCountChanged(pollId));
        listingChanges.fire(new PollListingChanged(pollId));
        return find(pollId);
    }

    public void delete(long pollId) {
        em.remove(require(pollId));
        changes.fire(new VoteCountChanged(pollId));
        listingChanges.fire(new PollListingChanged(pollId));
    }

    private Poll require(long pollId) {
        Poll poll = em.find(Poll.class, pollId);
        if (poll == null) {
            throw new PollNotFoundException(pollId);
        }
        return poll;
    }

    private Map<Long, Long> totalVotes(List<Long> pollIds) {
        Map<Long, Long> totals = new HashMap<>();
        if (!pollIds.isEmpty()) {
            em.createNamedQuery(OptionTally.VOTES_BY_POLL, Object[].class)
                    .setParameter("pollIds", pollIds)
                    .getResultList()
                    .forEach(row -> totals.put((Long) row[0], votes(row[1])));
        }
        return totals;
    }

    /** A sum of tallies: a Long by JPA's rules, but PostgreSQL's SUM of a BIGINT is a NUMERIC, so any number. */
    private static long votes(Object sum) {
        return ((Number) sum).longValue();
    }
}
