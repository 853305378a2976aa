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
 * One account's choice on one poll. The table's unique key on (poll, account) is what guarantees
 * one vote per account per poll; the application's check before inserting only gives the nicer
 * message in the common case.
 */
@Entity
@Table(name = "vote")
@NamedQuery(name = Vote.OF_ACCOUNT_ON_POLL,
        query = "SELECT v FROM Vote v WHERE v.poll.id = :pollId AND v.account.username = :username")
@NamedQuery(name = Vote.VOTER_ON_POLL,
        query = "SELECT a.id, v.id FROM Account a LEFT JOIN Vote v ON v.account = a AND v.poll.id = :pollId"
                + " WHERE a.username = :username")
@NamedQuery(name = Vote.COUNT_BY_OPTION,
        query = "SELECT v.option.id, COUNT(v) FROM Vote v WHERE v.poll.id = :pollId GROUP BY v.option.id")
@NamedQuery(name = Vote.COUNT_BY_POLL,
        query = "SELECT v.poll.id, COUNT(v) FROM Vote v WHERE v.poll.id IN :pollIds GROUP BY v.poll.id")
public class Vote {

    public static final String OF_ACCOUNT_ON_POLL = "Vote.ofAccountOnPoll";
    /** The account's id and the id of its vote on the poll, or null for the vote: one row per account. */
    public static final String VOTER_ON_POLL = "Vote.voterOnPoll";
    public static final String COUNT_BY_OPTION = "Vote.countByOption";
    public static final String COUNT_BY_POLL = "Vote.countByPoll";

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

    protected Vote() {
        // for JPA
    }

    public Vote(Poll poll, PollOption option, Account account, Instant castAt) {
        this.poll = poll;
        this.option = option;
        this.account = account;
        this.castAt = castAt;
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

    public Account getAccount() {
        return account;
    }

    public Instant getCastAt() {
        return castAt;
    }
}
