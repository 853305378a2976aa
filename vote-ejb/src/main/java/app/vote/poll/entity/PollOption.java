package app.vote.poll.entity;

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

/** One of a poll's answers, in the order the poll's author gave them. */
@Entity
@Table(name = "poll_option")
@NamedQuery(name = PollOption.WITH_POLL,
        query = "SELECT o FROM PollOption o JOIN FETCH o.poll WHERE o.id = :optionId AND o.poll.id = :pollId")
public class PollOption {

    /** One option of one poll, with that poll: what a vote needs to know, in one query. */
    public static final String WITH_POLL = "PollOption.withPoll";

    public static final int MAX_LABEL_LENGTH = 200;

    @Id
    @SequenceGenerator(name = "poll_option_seq", sequenceName = "poll_option_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "poll_option_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "poll_id", nullable = false)
    private Poll poll;

    @Column(name = "display_order", nullable = false)
    private int displayOrder;

    @Column(nullable = false, length = MAX_LABEL_LENGTH)
    private String label;

    protected PollOption() {
        // for JPA
    }

    PollOption(Poll poll, int displayOrder, String label) {
        this.poll = poll;
        this.displayOrder = displayOrder;
        this.label = label;
    }

    public Long getId() {
        return id;
    }

    public Poll getPoll() {
        return poll;
    }

    public int getDisplayOrder() {
        return displayOrder;
    }

    public String getLabel() {
        return label;
    }
}
