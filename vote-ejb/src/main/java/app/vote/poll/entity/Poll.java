package app.vote.poll.entity;

import app.vote.account.entity.Account;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A question with 2 to 10 ordered options that takes votes until it is closed, explicitly or by
 * reaching its closing time. The rules of a well-formed poll live here, so no caller can build a
 * poll that breaks them.
 */
@Entity
@Table(name = "poll")
public class Poll {

    public static final int MAX_QUESTION_LENGTH = 300;
    public static final int MAX_DESCRIPTION_LENGTH = 2000;
    public static final int MIN_OPTIONS = 2;
    public static final int MAX_OPTIONS = 10;

    @Id
    @SequenceGenerator(name = "poll_seq", sequenceName = "poll_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "poll_seq")
    private Long id;

    @Column(nullable = false, length = MAX_QUESTION_LENGTH)
    private String question;

    @Column(length = MAX_DESCRIPTION_LENGTH)
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private PollStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "closes_at")
    private Instant closesAt;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    private Account createdBy;

    @OneToMany(mappedBy = "poll", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("displayOrder")
    private List<PollOption> options = new ArrayList<>();

    @Version
    private long version;

    protected Poll() {
        // for JPA
    }

    public Poll(String question, String description, List<String> optionLabels, Instant closesAt,
            Account createdBy, Instant now) {
        this.question = requireQuestion(question);
        this.description = normaliseDescription(description);
        this.closesAt = requireFutureClosingTime(closesAt, now);
        this.createdBy = createdBy;
        this.createdAt = now;
        this.status = PollStatus.OPEN;
        List<String> labels = requireOptions(optionLabels);
        for (int i = 0; i < labels.size(); i++) {
            options.add(new PollOption(this, i, labels.get(i)));
        }
    }

    private static String requireQuestion(String question) {
        String trimmed = question == null ? "" : question.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidPollException("question", "The question must not be blank.");
        }
        if (trimmed.length() > MAX_QUESTION_LENGTH) {
            throw new InvalidPollException("question",
                    "The question must be at most " + MAX_QUESTION_LENGTH + " characters.");
        }
        return requirePrintable("question", "The question", trimmed, false);
    }

    private static String normaliseDescription(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        String trimmed = description.strip();
        if (trimmed.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidPollException("description",
                    "The description must be at most " + MAX_DESCRIPTION_LENGTH + " characters.");
        }
        return requirePrintable("description", "The description", trimmed, true);
    }

    /**
     * Control characters have no place in text people read, and PostgreSQL refuses NUL outright
     * (the fuzzer's "a\u0000b" was a 500 there while H2 stored it).
     */
    private static String requirePrintable(String field, String what, String text, boolean lineBreaksAllowed) {
        boolean hasControl = text.chars().anyMatch(c -> Character.isISOControl(c)
                && !(lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t')));
        if (hasControl) {
            throw new InvalidPollException(field, what + " must not contain control characters.");
        }
        return text;
    }

    private static Instant requireFutureClosingTime(Instant closesAt, Instant now) {
        if (closesAt != null && !closesAt.isAfter(now)) {
            throw new InvalidPollException("closesAt", "The closing time must be in the future.");
        }
        return closesAt;
    }

    private static List<String> requireOptions(List<String> labels) {
        if (labels == null || labels.size() < MIN_OPTIONS || labels.size() > MAX_OPTIONS) {
            throw new InvalidPollException("options",
                    "A poll needs between " + MIN_OPTIONS + " and " + MAX_OPTIONS + " options.");
        }
        List<String> trimmed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            String option = label == null ? "" : label.strip();
            if (option.isEmpty()) {
                throw new InvalidPollException("options", "Options must not be blank.");
            }
            if (option.length() > PollOption.MAX_LABEL_LENGTH) {
                throw new InvalidPollException("options",
                        "Options must be at most " + PollOption.MAX_LABEL_LENGTH + " characters.");
            }
            if (!seen.add(option.toLowerCase(Locale.ROOT))) {
                throw new InvalidPollException("options", "Options must be different from each other: \"" + option + "\" appears twice.");
            }
            trimmed.add(requirePrintable("options", "Options", option, false));
        }
        return trimmed;
    }

    /**
     * The status that counts at {@code now}: an open poll past its closing time is closed. A cast,
     * a change and a withdrawal check the same rule in SQL ({@code Vote.POLL_P_OPEN_AT}).
     */
    public PollStatus statusAt(Instant now) {
        if (status == PollStatus.OPEN && closesAt != null && !now.isBefore(closesAt)) {
            return PollStatus.CLOSED;
        }
        return status;
    }

    public boolean isOpenAt(Instant now) {
        return statusAt(now) == PollStatus.OPEN;
    }

    public void close(Instant now) {
        if (status == PollStatus.OPEN) {
            status = PollStatus.CLOSED;
            if (closesAt == null || closesAt.isAfter(now)) {
                closesAt = now;
            }
        }
    }

    public Long getId() {
        return id;
    }

    public String getQuestion() {
        return question;
    }

    public String getDescription() {
        return description;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getClosesAt() {
        return closesAt;
    }

    public Account getCreatedBy() {
        return createdBy;
    }

    public List<PollOption> getOptions() {
        return Collections.unmodifiableList(options);
    }
}
