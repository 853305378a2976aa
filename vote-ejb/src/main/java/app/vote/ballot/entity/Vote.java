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
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One account's choice on one poll. A vote is inserted by {@link #CAST_IF_ALLOWED}, whose
 * conditions spare the common refusals an exception; the table's unique key on (poll, account) is
 * what guarantees one vote per account per poll, whatever two concurrent casts see.
 */
@Entity
@Table(name = "vote")
@NamedQuery(name = Vote.OF_ACCOUNT_ON_POLL,
        query = "SELECT v FROM Vote v WHERE v.poll.id = :pollId"
                + " AND v.account IN (SELECT a FROM Account a WHERE a.username = :username)")
@NamedNativeQuery(name = Vote.CAST_IF_ALLOWED, query = Vote.CAST_IF_ALLOWED_SQL)
public class Vote {

    /**
     * The statement of {@link #CAST_IF_ALLOWED}, also sent in JDBC batches of casts
     * ({@code VotingService.castAll}). Its parameters appear once each, in their order.
     */
    public static final String CAST_IF_ALLOWED_SQL = "INSERT INTO vote (id, poll_id, option_id, account_id, cast_at)"
            + " SELECT ?1, o.poll_id, o.id, a.id, ?2"
            + " FROM poll_option o JOIN poll p ON p.id = o.poll_id JOIN account a ON a.username = ?3"
            + " WHERE o.id = ?4 AND o.poll_id = ?5"
            + " AND p.status = 'OPEN' AND (p.closes_at IS NULL OR p.closes_at > ?6)"
            + " AND NOT EXISTS (SELECT 1 FROM vote v WHERE v.poll_id = o.poll_id AND v.account_id = a.id)";

    /**
     * Inserts the vote only if the option is one of the poll's, the poll is open at the given time
     * (?2 and ?6, the same instant; the rule of {@link Poll#statusAt}), the account exists and has
     * no vote on the poll: every rule of a cast in one statement, so a cast is one round trip. Zero
     * rows means one of them said no.
     */
    public static final String CAST_IF_ALLOWED = "Vote.castIfAllowed";
    /**
     * The vote of account {@code :username} on poll {@code :pollId}. The account is found in a
     * subquery, not a join, so that with a pessimistic lock only the vote's row is locked: a join's
     * {@code FOR UPDATE} also locks the account's row, and EclipseLink turns
     * {@code v.account.id = (SELECT …)} into a join as well; {@code IN} compares the key column.
     */
    public static final String OF_ACCOUNT_ON_POLL = "Vote.ofAccountOnPoll";

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
     * The option's key once more, as a plain read-only column: the option a change or withdrawal
     * takes the vote's count from, without loading the lazy option. As read from the row, so not
     * kept in step with changeTo in memory; read it before.
     */
    @Column(name = "option_id", insertable = false, updatable = false)
    private Long optionId;

    protected Vote() {
        // for JPA
    }

    /** A voter changing their mind: same row, new option, new time. */
    public void changeTo(PollOption newOption, Instant now) {
        this.option = newOption;
        this.castAt = now;
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

    /** The option this vote counts for in the database: the one it had when it was read. */
    public long getCountedOptionId() {
        return optionId;
    }

    public Account getAccount() {
        return account;
    }

    public Instant getCastAt() {
        return castAt;
    }
}
