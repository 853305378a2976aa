package app.vote.ballot.boundary;

import app.vote.ballot.control.VotingMetrics;
import app.vote.ballot.entity.OptionTally;
import app.vote.ballot.entity.Vote;
import app.vote.platform.DomainException;
import app.vote.platform.persistence.ConstraintViolations;
import app.vote.platform.persistence.DatabaseMigration;
import app.vote.poll.boundary.PollNotFoundException;
import app.vote.poll.entity.Poll;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.eclipse.persistence.sessions.Session;

/**
 * The only transaction boundary for casting, changing and withdrawing votes. Each method is one
 * container-managed transaction; a refusal is a {@link app.vote.platform.DomainException} that
 * rolls it back and tells the caller which rule said no. Every successful cast, change and
 * withdrawal fires {@link VoteCountChanged} inside its transaction, so observers that wait for
 * {@code TransactionPhase.AFTER_SUCCESS} hear of committed votes only, from every caller. Each also
 * moves the options' {@link OptionTally tallies} in the same transaction: whatever commits a vote
 * commits its count.
 */
@Stateless
public class VotingService {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<VoteCountChanged> changes;

    @Inject
    VotingMetrics metrics;

    /** The persistence unit's data source: within a transaction the container hands out the same connection. */
    @Resource(lookup = DatabaseMigration.DATA_SOURCE)
    DataSource dataSource;

    @Resource
    SessionContext context;

    /**
     * Casts {@code username}'s vote. Two concurrent first votes of one account can both pass the
     * "already voted" check; the database's unique key then refuses the second insert, and that
     * refusal becomes the same {@link AlreadyVotedException} instead of a server error.
     */
    public VoteView cast(long pollId, long optionId, String username) {
        Instant now = clock.instant();
        try {
            return overTransactionConnection("Casting a vote", connection -> castIfAllowed(connection, pollId, optionId, username, now));
        } catch (DomainException refusal) {
            metrics.rejected(refusal);
            throw refusal;
        }
    }

    /**
     * Casts several voters' first votes in one transaction ({@link BallotBox}): the same statement as
     * {@link #cast}, once per ballot in one JDBC batch, then each option's tally moved once by all
     * of its votes. Answers, per ballot and in their order, the vote counted or the rule that
     * refused it, asked over the batch's own connection as {@link #cast} asks it. A refusal used to
     * leave the ballot to be cast alone, so a burst of one voter's repeated votes (a client retrying)
     * became one more transaction per repeat. The batch is all or nothing: when the database
     * refuses any of it (say, the unique key because one of these voters voted meanwhile through
     * another path) the transaction is rolled back, no ballot is counted and each is undecided;
     * {@link #cast} alone is then the caller's next step.
     */
    public List<BallotOutcome> castAll(List<Ballot> ballots) {
        Instant now = clock.instant();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        long[] voteIds = new long[ballots.size()];
        try (Connection connection = dataSource.getConnection()) {
            int[] inserted;
            try (PreparedStatement insert = connection.prepareStatement(Vote.CAST_IF_ALLOWED_SQL)) {
                for (int i = 0; i < voteIds.length; i++) {
                    Ballot ballot = ballots.get(i);
                    voteIds[i] = nextVoteId();
                    bindCast(insert, voteIds[i], at, ballot.username(), ballot.optionId(), ballot.pollId());
                    insert.addBatch();
                }
                inserted = insert.executeBatch();
            }
            List<BallotOutcome> outcomes = new ArrayList<>(voteIds.length);
            SortedMap<TallyRow, Integer> tallies = new TreeMap<>();
            for (int i = 0; i < voteIds.length; i++) {
                Ballot ballot = ballots.get(i);
                if (inserted[i] == 1) {
                    outcomes.add(BallotOutcome.counted(new VoteView(ballot.pollId(), ballot.optionId(), now)));
                    tallies.merge(new TallyRow(ballot.pollId(), ballot.optionId(), OptionTally.shardOf(voteIds[i])), 1, Integer::sum);
                } else if (inserted[i] == 0) {
                    outcomes.add(refusalOf(connection, ballot, now));
                } else {
                    throw new SQLException("The driver did not count the rows of cast " + i + " (" + inserted[i] + ")");
                }
            }
            count(connection, tallies);
            tallies.keySet().stream().map(TallyRow::pollId).distinct()
                    .forEach(pollId -> changes.fire(new VoteCountChanged(pollId)));
            outcomes.stream().flatMap(outcome -> outcome.counted().stream()).forEach(vote -> metrics.cast());
            return outcomes;
        } catch (SQLException refused) {
            context.setRollbackOnly();
            return Collections.nCopies(ballots.size(), BallotOutcome.undecided());
        }
    }

    /**
     * The rule that kept a ballot of a batch out, as {@link #cast} would name it; undecided for an
     * account unknown here, which {@link #cast} reports as the server error it is. Not counted in
     * the refusal metrics here: the batch may still roll back, and its ballots be cast alone.
     */
    private static BallotOutcome refusalOf(Connection connection, Ballot ballot, Instant now) throws SQLException {
        try {
            RuntimeException reason = whyNotCast(connection, ballot.pollId(), ballot.optionId(), ballot.username(), now);
            return reason instanceof DomainException rule ? BallotOutcome.refused(rule) : BallotOutcome.undecided();
        } catch (DomainException rule) {
            return BallotOutcome.refused(rule);
        }
    }

    /** The parameters of {@link Vote#CAST_IF_ALLOWED_SQL}, for a cast alone and for one of a batch. */
    private static void bindCast(PreparedStatement insert, long voteId, OffsetDateTime at, String username, long optionId, long pollId)
            throws SQLException {
        insert.setLong(1, voteId);
        insert.setObject(2, at);
        insert.setString(3, username);
        insert.setLong(4, optionId);
        insert.setLong(5, pollId);
        insert.setObject(6, at);
    }

    /** The next id of the vote sequence, from EclipseLink's preallocated block: the entity's own ids. */
    private long nextVoteId() {
        return ((Number) em.unwrap(Session.class).getNextSequenceNumberValue(Vote.class)).longValue();
    }

    /** One tally row moved by one vote, a cast's or a withdrawal's. */
    private static void count(Connection connection, TallyRow row, int delta) throws SQLException {
        count(connection, new TreeMap<>(Map.of(row, delta)));
    }

    /**
     * The tallies' rows moved in key order, by a batch of casts, a change and a withdrawal alike, so
     * that no two transactions take their locks in opposite orders and deadlock.
     */
    private static void count(Connection connection, SortedMap<TallyRow, Integer> tallies) throws SQLException {
        try (PreparedStatement add = connection.prepareStatement(OptionTally.ADD_SQL)) {
            for (Map.Entry<TallyRow, Integer> tally : tallies.entrySet()) {
                add.setInt(1, tally.getValue());
                add.setLong(2, tally.getKey().pollId());
                add.setLong(3, tally.getKey().optionId());
                add.setInt(4, tally.getKey().shard());
                add.addBatch();
            }
            for (int updated : add.executeBatch()) {
                if (updated != 1) {
                    throw new IllegalStateException("A tally row of the batch is missing");
                }
            }
        }
    }

    private record TallyRow(long pollId, long optionId, int shard) implements Comparable<TallyRow> {

        private static final Comparator<TallyRow> ORDER = Comparator.comparingLong(TallyRow::pollId)
                .thenComparingLong(TallyRow::optionId).thenComparingInt(TallyRow::shard);

        @Override
        public int compareTo(TallyRow other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * {@code PUT …/votes/me}: changes the voter's vote if they have one on this poll, casts it if
     * not, in one transaction, so a vote withdrawn or cast meanwhile by the same voter cannot turn
     * the answer into a 404 or a 409. The vote is looked for with its lock first: one withdrawn
     * while this waited for the lock is not found, and the insert that follows casts. Two of these
     * racing to cast both find no vote; the unique key refuses the second insert as
     * {@link AlreadyVotedException}, and a retry (in a new transaction, so by the caller) then
     * finds the first one's vote and changes it.
     */
    public PlacedVote castOrChange(long pollId, long optionId, String username) {
        Instant now = clock.instant();
        try {
            return overTransactionConnection("Casting or changing a vote", connection -> {
                Optional<VoteRow> vote = lockedVote(connection, pollId, username);
                if (vote.isPresent()) {
                    return new PlacedVote(move(connection, pollId, vote.get(), optionId, now), false);
                }
                return new PlacedVote(castIfAllowed(connection, pollId, optionId, username, now), true);
            });
        } catch (AlreadyVotedException lostRace) {
            throw lostRace;
        } catch (DomainException refusal) {
            metrics.rejected(refusal);
            throw refusal;
        }
    }

    /**
     * Work over the transaction's own connection, the one the container enlisted. Whatever the work
     * reads goes over it too, a refusal's reasons included ({@link Vote#RULES_ON_POLL_SQL}): EclipseLink reads
     * through another pooled connection until it writes, so a JPA query here would hold one
     * connection while waiting for a second. A failure of the database itself becomes the
     * {@link PersistenceException} JPA would have thrown.
     */
    private <T> T overTransactionConnection(String work, SqlWork<T> statements) {
        try (Connection connection = dataSource.getConnection()) {
            return statements.on(connection);
        } catch (SQLException failed) {
            throw new PersistenceException(work + " failed", failed);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T on(Connection connection) throws SQLException;
    }

    /**
     * The cast itself: one statement ({@link Vote#CAST_IF_ALLOWED_SQL}) that checks every rule and
     * inserts, its tally row moved, then the commit. Loading the option with its poll and the voter
     * with any vote of theirs as entities first took two more round trips and more of the server's
     * CPU than the insert (PERFORMANCE.md section 28). When a rule said no, the refusal names it.
     */
    private VoteView castIfAllowed(Connection connection, long pollId, long optionId, String username, Instant now)
            throws SQLException {
        long voteId = nextVoteId();
        int inserted;
        try (PreparedStatement insert = connection.prepareStatement(Vote.CAST_IF_ALLOWED_SQL)) {
            bindCast(insert, voteId, now.atOffset(ZoneOffset.UTC), username, optionId, pollId);
            inserted = insert.executeUpdate();
        } catch (SQLException refused) {
            if (ConstraintViolations.isUniqueViolation(refused)) {
                throw new AlreadyVotedException(pollId);
            }
            throw refused;
        }
        if (inserted == 0) {
            throw whyNotCast(connection, pollId, optionId, username, now);
        }
        count(connection, new TallyRow(pollId, optionId, OptionTally.shardOf(voteId)), 1);
        changes.fire(new VoteCountChanged(pollId));
        metrics.cast();
        return new VoteView(pollId, optionId, now);
    }

    /**
     * A vote moving to another option of its poll: one {@code UPDATE} whose condition checks that the
     * option is the poll's and the poll open, then its count from the old option's tally to the new
     * one's, in the shard its cast counted in. The two rows are updated in key order, as a batch of
     * casts updates its rows, so no two of these can deadlock. Written in SQL over the transaction's
     * connection: with the vote loaded, changed and flushed as an entity, EclipseLink's work took
     * most of a change's CPU (PERFORMANCE.md section 42).
     */
    private VoteView move(Connection connection, long pollId, VoteRow vote, long optionId, Instant now) throws SQLException {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        try (PreparedStatement change = connection.prepareStatement(Vote.CHANGE_IF_ALLOWED_SQL)) {
            change.setLong(1, optionId);
            change.setObject(2, at);
            change.setLong(3, vote.id());
            change.setLong(4, optionId);
            change.setLong(5, pollId);
            change.setObject(6, at);
            if (change.executeUpdate() == 0) {
                refuseUnlessOptionOfOpenPoll(connection, pollId, optionId, now);
                throw new IllegalStateException("Every rule allows moving vote " + vote.id() + ", yet it did not move");
            }
        }
        if (vote.optionId() != optionId) {
            int shard = OptionTally.shardOf(vote.id());
            SortedMap<TallyRow, Integer> tallies = new TreeMap<>();
            tallies.put(new TallyRow(pollId, vote.optionId(), shard), -1);
            tallies.put(new TallyRow(pollId, optionId, shard), 1);
            count(connection, tallies);
        }
        changes.fire(new VoteCountChanged(pollId));
        return new VoteView(pollId, optionId, now);
    }

    /**
     * Which rule refused a cast, asked in the order the API documents: no such poll, closed, an
     * option of another poll, then the voter's: an account unknown here, or one that has voted. A
     * vote withdrawn since the insert looked counts as voted, as the insert saw it; {@code PUT}
     * then retries and casts.
     */
    private static RuntimeException whyNotCast(Connection connection, long pollId, long optionId, String username, Instant now)
            throws SQLException {
        PollRules rules = refuseUnlessOptionOfOpenPoll(connection, pollId, OptionalLong.of(optionId), username, now);
        if (!rules.accountExists()) {
            return new IllegalStateException("Votes are cast by registered accounts only");
        }
        return new AlreadyVotedException(pollId);
    }

    /** Moves an existing vote to another option of the same poll while the poll is open. */
    public VoteView change(long pollId, long optionId, String username) {
        Instant now = clock.instant();
        return overTransactionConnection("Changing a vote", connection -> {
            Optional<VoteRow> vote = lockedVote(connection, pollId, username);
            if (vote.isEmpty()) {
                refuseUnlessOptionOfOpenPoll(connection, pollId, optionId, now);
                throw new NoVoteException(pollId);
            }
            return move(connection, pollId, vote.get(), optionId, now);
        });
    }

    /** Withdraws the vote while the poll is open. */
    public void retract(long pollId, String username) {
        Instant now = clock.instant();
        overTransactionConnection("Withdrawing a vote", connection -> {
            Optional<VoteRow> found = lockedVote(connection, pollId, username);
            if (found.isEmpty()) {
                refuseUnlessOpen(connection, pollId, now);
                throw new NoVoteException(pollId);
            }
            VoteRow vote = found.get();
            try (PreparedStatement withdraw = connection.prepareStatement(Vote.WITHDRAW_IF_OPEN_SQL)) {
                withdraw.setLong(1, vote.id());
                withdraw.setLong(2, pollId);
                withdraw.setObject(3, now.atOffset(ZoneOffset.UTC));
                if (withdraw.executeUpdate() == 0) {
                    refuseUnlessOpen(connection, pollId, now);
                    throw new IllegalStateException("Poll " + pollId + " is open, yet vote " + vote.id() + " was not withdrawn");
                }
            }
            count(connection, new TallyRow(pollId, vote.optionId(), OptionTally.shardOf(vote.id())), -1);
            changes.fire(new VoteCountChanged(pollId));
            return null;
        });
    }

    public Optional<VoteView> find(long pollId, String username) {
        Optional<VoteView> vote = findOnKnownPoll(pollId, username);
        // A vote found proves the poll exists; only "no vote" has to tell an unknown poll apart,
        // so the poll page of a voter who voted costs one query, not two (PERFORMANCE.md section 30).
        if (vote.isEmpty() && em.find(Poll.class, pollId) == null) {
            throw new PollNotFoundException(pollId);
        }
        return vote;
    }

    /**
     * The voter's vote, for a caller that has just read the poll and so knows it exists: the vote's
     * query alone. A poll deleted in between has no votes left, so the answer is still true.
     */
    public Optional<VoteView> findOnKnownPoll(long pollId, String username) {
        return existingVote(pollId, username).map(VoteView::of);
    }

    /** Every vote of this voter, newest first, with the poll's question and the chosen option's text. */
    public List<MyVoteView> votesOf(String username) {
        Instant now = clock.instant();
        return em.createQuery("SELECT v FROM Vote v JOIN FETCH v.poll JOIN FETCH v.option"
                        + " WHERE v.account.username = :username ORDER BY v.castAt DESC, v.id DESC", Vote.class)
                .setParameter("username", username)
                .getResultStream()
                .map(v -> new MyVoteView(v.getPoll().getId(), v.getPoll().getQuestion(), v.getPoll().statusAt(now),
                        v.getOption().getId(), v.getOption().getLabel(), v.getCastAt()))
                .toList();
    }

    /** Which of these polls the voter has voted on: one query for a whole page of polls. */
    public Set<Long> pollsVotedOn(String username, Collection<Long> pollIds) {
        if (username == null || pollIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("SELECT v.poll.id FROM Vote v"
                        + " WHERE v.account.username = :username AND v.poll.id IN :pollIds", Long.class)
                .setParameter("username", username)
                .setParameter("pollIds", pollIds)
                .getResultList());
    }

    /** Poll, option and account as the rules of a statement saw them. */
    private record PollRules(boolean open, boolean optionOfPoll, boolean accountExists) {
    }

    /** Throws for an unknown or closed poll. */
    private static void refuseUnlessOpen(Connection connection, long pollId, Instant now) throws SQLException {
        refuseUnlessOptionOfOpenPoll(connection, pollId, OptionalLong.empty(), null, now);
    }

    /** Throws for an unknown or closed poll, then for an option of another poll, in that order. */
    private static void refuseUnlessOptionOfOpenPoll(Connection connection, long pollId, long optionId, Instant now) throws SQLException {
        refuseUnlessOptionOfOpenPoll(connection, pollId, OptionalLong.of(optionId), null, now);
    }

    /**
     * What the rules saw on poll {@code pollId} when a statement over {@code connection} changed
     * nothing ({@link Vote#RULES_ON_POLL_SQL}), asked over that same connection
     * ({@link #overTransactionConnection} says why); throws for an unknown or closed poll, then for
     * an option of another poll.
     */
    private static PollRules refuseUnlessOptionOfOpenPoll(Connection connection, long pollId, OptionalLong optionId, String username,
            Instant now) throws SQLException {
        PollRules rules;
        try (PreparedStatement query = connection.prepareStatement(Vote.RULES_ON_POLL_SQL)) {
            query.setObject(1, now.atOffset(ZoneOffset.UTC));
            if (optionId.isPresent()) {
                query.setLong(2, optionId.getAsLong());
            } else {
                query.setNull(2, Types.BIGINT);
            }
            query.setString(3, username);
            query.setLong(4, pollId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new PollNotFoundException(pollId);
                }
                rules = new PollRules(row.getBoolean(1), row.getBoolean(2), row.getBoolean(3));
            }
        }
        if (!rules.open()) {
            throw new PollClosedException(pollId);
        }
        if (optionId.isPresent() && !rules.optionOfPoll()) {
            throw new OptionNotInPollException(pollId, optionId.getAsLong());
        }
        return rules;
    }

    /**
     * The voter's vote, its row locked until the transaction ends, as the database has it once the
     * lock is granted ({@link Vote#LOCK_OF_ACCOUNT_ON_POLL_SQL}): one that waited for another
     * change's commit gets that change's option, one that waited for a withdrawal gets no vote.
     * Reading the vote first and then locking it missed the second case, and the change went on to
     * move the count of a withdrawn vote (VotingServiceIT).
     */
    private static Optional<VoteRow> lockedVote(Connection connection, long pollId, String username) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(Vote.LOCK_OF_ACCOUNT_ON_POLL_SQL)) {
            lock.setLong(1, pollId);
            lock.setString(2, username);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() ? Optional.of(new VoteRow(row.getLong(1), row.getLong(2))) : Optional.empty();
            }
        }
    }

    /** A vote's row as a change or withdrawal needs it: its id (and so its tally's shard) and its option. */
    private record VoteRow(long id, long optionId) {
    }

    private Optional<Vote> existingVote(long pollId, String username) {
        return em.createNamedQuery(Vote.OF_ACCOUNT_ON_POLL, Vote.class)
                .setParameter("pollId", pollId)
                .setParameter("username", username)
                .getResultStream()
                .findFirst();
    }
}
