package app.vote.poll.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static Poll poll(String question, List<String> options, Instant closesAt) {
        return new Poll(question, null, options, closesAt, null, NOW);
    }

    @Test
    void keepsOptionsInTheGivenOrderTrimmed() {
        Poll poll = poll("  Best language? ", List.of(" Python", "C++ ", "Java"), null);

        assertThat(poll.getQuestion()).isEqualTo("Best language?");
        assertThat(poll.getOptions()).extracting(PollOption::getLabel).containsExactly("Python", "C++", "Java");
        assertThat(poll.getOptions()).extracting(PollOption::getDisplayOrder).containsExactly(0, 1, 2);
    }

    @Test
    void blankQuestionIsRejected() {
        assertThatThrownBy(() -> poll("   ", List.of("a", "b"), null))
                .isInstanceOf(InvalidPollException.class)
                .satisfies(e -> assertThat(((InvalidPollException) e).field()).isEqualTo("question"));
    }

    @Test
    void questionOver300CharactersIsRejected() {
        assertThatThrownBy(() -> poll("q".repeat(301), List.of("a", "b"), null))
                .isInstanceOf(InvalidPollException.class);
        assertThat(poll("q".repeat(300), List.of("a", "b"), null).getQuestion()).hasSize(300);
    }

    @Test
    void fewerThanTwoOrMoreThanTenOptionsAreRejected() {
        assertThatThrownBy(() -> poll("q", List.of("only"), null)).isInstanceOf(InvalidPollException.class);
        assertThatThrownBy(() -> poll("q", Collections.nCopies(11, "x").stream()
                .map(s -> s + Math.random()).toList(), null)).isInstanceOf(InvalidPollException.class);
        assertThatThrownBy(() -> poll("q", null, null)).isInstanceOf(InvalidPollException.class);
    }

    @Test
    void blankOrDuplicateOptionsAreRejected() {
        assertThatThrownBy(() -> poll("q", List.of("a", " "), null))
                .isInstanceOf(InvalidPollException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> poll("q", List.of("Java", "java "), null))
                .isInstanceOf(InvalidPollException.class).hasMessageContaining("twice");
    }

    @Test
    void controlCharactersInAnyTextAreRejectedButLineBreaksInTheDescriptionAreKept() {
        assertThatThrownBy(() -> new Poll("a\u0000b", null, List.of("x", "y"), null, null, NOW))
                .isInstanceOf(InvalidPollException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> new Poll("Which?", "a\u0000b", List.of("x", "y"), null, null, NOW))
                .isInstanceOf(InvalidPollException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> new Poll("Which?", null, List.of("x\u0007", "y"), null, null, NOW))
                .isInstanceOf(InvalidPollException.class).hasMessageContaining("control characters");
        assertThat(new Poll("Which?", "line one\nline two", List.of("x", "y"), null, null, NOW).getDescription())
                .isEqualTo("line one\nline two");
    }

    @Test
    void closingTimeInThePastIsRejected() {
        assertThatThrownBy(() -> poll("q", List.of("a", "b"), NOW.minusSeconds(1)))
                .isInstanceOf(InvalidPollException.class)
                .satisfies(e -> assertThat(((InvalidPollException) e).field()).isEqualTo("closesAt"));
    }

    @Test
    void pollIsClosedOnceItsClosingTimeHasPassed() {
        Poll poll = poll("q", List.of("a", "b"), NOW.plus(Duration.ofHours(1)));

        assertThat(poll.isOpenAt(NOW)).isTrue();
        assertThat(poll.isOpenAt(NOW.plus(Duration.ofHours(1)))).isFalse();
        assertThat(poll.statusAt(NOW.plus(Duration.ofDays(1)))).isEqualTo(PollStatus.CLOSED);
    }

    @Test
    void closingStopsVotesAndRecordsTheTime() {
        Poll poll = poll("q", List.of("a", "b"), null);

        poll.close(NOW.plusSeconds(5));

        assertThat(poll.isOpenAt(NOW.plusSeconds(6))).isFalse();
        assertThat(poll.statusAt(NOW)).isEqualTo(PollStatus.CLOSED);
        assertThat(poll.getClosesAt()).isEqualTo(NOW.plusSeconds(5));
    }
}
