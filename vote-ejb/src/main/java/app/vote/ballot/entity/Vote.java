package app.vote.ballot.entity;

import app.vote.account.entity.Account;
import app.vote.poll.entity.Poll;
import app.vote.poll.entity.PollOption;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One account's choice on one poll. A vote is inserted by {@link #CAST_IF_ALLOWED_SQL}, whose
 * conditions spare the common refusals an exception; the table's unique key on (poll, account) is
 * what guarantees one vote per account per poll, whatever two concurrent casts see. It is changed
 * and withdrawn by the statements below as well, each checking its rules in its own condition, so
 * the entity is only ever read. The statements are sent over JDBC ({@code VotingService}); their
 * parameters are JDBC's {@code ?} marks, in the order each statement's comment lists them.
 */
@Entity
@Table(name = "vote")
@NamedQuery(name = Vote.OF_ACCOUNT_ON_POLL,
        query = "SELECT v FROM Vote v WHERE v.poll.id = :pollId"
                + " AND v.account IN (SELECT a FROM Account a WHERE a.username = :username)")
public class Vote {

    /**
     * Poll {@code p} is open at the instant of the one {@code ?} mark: the rule of
     * {@link Poll#statusAt}, in SQL, written once for the three statements that write a vote.
     */
    private static final String POLL_P_OPEN_AT = "p.status = 'OPEN' AND (p.closes_at IS NULL OR p.closes_at > ?)";

    /**
     * Inserts vote 1 at time 2 for account 3 on option 4 of poll 5, only if the option is one of
     * the poll's, the poll is open at time 6 (the instant of 2), the account exists and has no vote
     * on the poll: every rule of a cast in one statement, so a cast is one round trip, alone or in a
     * JDBC batch of casts. Zero rows means one of them said no.
     */
    public static final String CAST_IF_ALLOWED_SQL = "INSERT INTO vote (id, poll_id, option_id, account_id, cast_at)"
            + " SELECT ?, o.poll_id, o.id, a.id, ?"
            + " FROM poll_option o JOIN poll p ON p.id = o.poll_id JOIN account a ON a.username = ?"
            + " WHERE o.id = ? AND o.poll_id = ? AND " + POLL_P_OPEN_AT
            + " AND NOT EXISTS (SELECT 1 FROM vote v WHERE v.poll_id = o.poll_id AND v.account_id = a.id)";

    /** The vote of account {@code :username} on poll {@code :pollId}, to read. */
    public static final String OF_ACCOUNT_ON_POLL = "Vote.ofAccountOnPoll";

    /**
     * The id and option of account 2's vote on poll 1, its row locked until the transaction ends,
     * as the database has it once the lock is granted: a change or withdrawal that waited for
     * another one's commit reads what that one left. The account is found in a subquery, not a
     * join, because a join's {@code FOR UPDATE} would lock the account's row as well.
     */
    public static final String LOCK_OF_ACCOUNT_ON_POLL_SQL = "SELECT id, option_id FROM vote"
            + " WHERE poll_id = ? AND account_id IN (SELECT id FROM account WHERE username = ?) FOR UPDATE";

    /**
     * Moves vote 3 to option 1 at time 2, only if that option (4, the same option) is one of poll
     * 5's and the poll is open at time 6 (the instant of 2). Zero rows means one of the rules said
     * no.
     */
    public static final String CHANGE_IF_ALLOWED_SQL = "UPDATE vote SET option_id = ?, cast_at = ? WHERE id = ?"
            + " AND EXISTS (SELECT 1 FROM poll_option o JOIN poll p ON p.id = o.poll_id"
            + " WHERE o.id = ? AND o.poll_id = ? AND " + POLL_P_OPEN_AT + ")";

    /** Deletes vote 1 only if its poll 2 is open at time 3. Zero rows means it is not. */
    public static final String WITHDRAW_IF_OPEN_SQL = "DELETE FROM vote WHERE id = ?"
            + " AND EXISTS (SELECT 1 FROM poll p WHERE p.id = ? AND " + POLL_P_OPEN_AT + ")";

    /**
     * What the rules of the statements above see on poll 4: whether it is open at time 1, whether
     * option 2 is one of its options, whether account 3 exists; no row when there is no such poll.
     * Asked when a statement changed nothing, to name the rule that said no, over the statement's
     * own connection: EclipseLink's queries in the same transaction would take another one from the
     * pool, and a burst of refusals then deadlocked it (RELIABILITY.md).
     */
    public static final String RULES_ON_POLL_SQL = "SELECT (" + POLL_P_OPEN_AT + "),"
            + " EXISTS (SELECT 1 FROM poll_option o WHERE o.poll_id = p.id AND o.id = ?),"
            + " EXISTS (SELECT 1 FROM account a WHERE a.username = ?)"
            + " FROM poll p WHERE p.id = ?";

    @Id
    @SequenceGenerator(name = "vote_seq", sequenceName = "vote_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "vote_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "poll_id", nullable = false)
    private Poll poll;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "option_id", nullable = false)
    private PollOption option;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Column(name = "cast_at", nullable = false)
    private Instant castAt;

    /*
     * The poll's and the option's keys once more, as plain read-only columns: a vote as its voter
     * sees it needs only them, and reading them through the lazy associations loaded the poll and
     * then the option, two more queries for each GET …/votes/me (PERFORMANCE.md section 42).
     */
    @Column(name = "poll_id", insertable = false, updatable = false)
    private Long pollId;

    @Column(name = "option_id", insertable = false, updatable = false)
    private Long optionId;

    protected Vote() {
        // for JPA
    }

    public Long getId() {
        return id;
    }

    public Poll getPoll() {
        return poll;
    }

    public PollOption getOption() {
        return option;
    }

    public long getPollId() {
        return pollId;
    }

    public long getOptionId() {
        return optionId;
    }

    public Account getAccount() {
        return account;
    }

    public Instant getCastAt() {
        return castAt;
    }
}
