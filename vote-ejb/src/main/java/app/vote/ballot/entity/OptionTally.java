package app.vote.ballot.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * Part of one option's number of votes. The vote rows are the record; these rows keep their count
 * per option up to date inside the transaction that casts, changes or withdraws a vote, so reading
 * a poll's results costs a few rows however many votes it has, where counting the rows cost 105 ms
 * for a poll of a million votes, again after every vote (PERFORMANCE.md section 34).
 *
 * <p>Each option has {@value #SHARDS} of them and a vote counts in the one its id picks
 * ({@link #shardOf}), so concurrent votes for a popular option do not queue for one row's lock
 * until each transaction before them commits. A change or withdrawal moves the count of the row
 * its cast added to, so no row goes below zero (the table's check would refuse it). Never changed
 * through the entity: {@link #ADD_SQL} is an atomic {@code votes = votes + ?} in the database.
 */
@Entity
@Table(name = "option_tally")
@IdClass(OptionTally.Key.class)
@NamedQuery(name = OptionTally.VOTES_BY_OPTION,
        query = "SELECT t.optionId, SUM(t.votes) FROM OptionTally t WHERE t.pollId = :pollId GROUP BY t.optionId")
@NamedQuery(name = OptionTally.VOTES_BY_POLL,
        query = "SELECT t.pollId, SUM(t.votes) FROM OptionTally t WHERE t.pollId IN :pollIds GROUP BY t.pollId")
@NamedNativeQuery(name = OptionTally.OPEN_FOR_POLL,
        query = "INSERT INTO option_tally (poll_id, option_id, shard, votes)"
                + " SELECT o.poll_id, o.id, s.n, 0 FROM poll_option o CROSS JOIN tally_shard s WHERE o.poll_id = ?1")
public class OptionTally {

    /** The rows per option; the migration that created {@code tally_shard} holds as many. */
    public static final int SHARDS = 16;

    /**
     * Votes 1 more (or fewer, when negative) for poll 2's option 3 in shard 4, over JDBC with its
     * {@code ?} marks; sent in batches, a change's two rows and a batch of casts' rows alike.
     */
    public static final String ADD_SQL = "UPDATE option_tally SET votes = votes + ? WHERE poll_id = ? AND option_id = ? AND shard = ?";
    /** Zero votes in every shard of every option of poll {@code ?1}: run once, when the poll is created. */
    public static final String OPEN_FOR_POLL = "OptionTally.openForPoll";
    /** Option id and its number of votes, for one poll. */
    public static final String VOTES_BY_OPTION = "OptionTally.votesByOption";
    /** Poll id and its number of votes, for several polls. */
    public static final String VOTES_BY_POLL = "OptionTally.votesByPoll";

    @Id
    @Column(name = "poll_id")
    private long pollId;

    @Id
    @Column(name = "option_id")
    private long optionId;

    @Id
    @Column(name = "shard")
    private int shard;

    @Column(name = "votes", nullable = false)
    private long votes;

    protected OptionTally() {
        // for JPA
    }

    /** The shard a vote counts in, for as long as it exists. */
    public static int shardOf(long voteId) {
        return (int) Math.floorMod(voteId, (long) SHARDS);
    }

    /** The primary key, as JPA's {@link IdClass} wants it. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private long pollId;
        private long optionId;
        private int shard;

        public Key() {
            // for JPA
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.pollId == pollId && key.optionId == optionId && key.shard == shard;
        }

        @Override
        public int hashCode() {
            return Objects.hash(pollId, optionId, shard);
        }
    }
}
