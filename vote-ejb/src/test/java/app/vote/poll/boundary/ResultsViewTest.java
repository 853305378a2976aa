package app.vote.poll.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.poll.entity.PollStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsViewTest {

    private static PollView pollWith(int options) {
        List<OptionView> views = new java.util.ArrayList<>();
        for (int i = 1; i <= options; i++) {
            views.add(new OptionView(i, "option " + i));
        }
        return new PollView(7, "q", null, PollStatus.OPEN, Instant.EPOCH, null, views, 0);
    }

    @Test
    void percentagesAreAllZeroWithoutVotes() {
        ResultsView results = ResultsView.of(pollWith(3), Map.of());

        assertThat(results.totalVotes()).isZero();
        assertThat(results.options()).extracting(OptionResult::percent).containsExactly(0, 0, 0);
    }

    @Test
    void thirdsStillAddUpToExactlyOneHundred() {
        ResultsView results = ResultsView.of(pollWith(3), Map.of(1L, 1L, 2L, 1L, 3L, 1L));

        assertThat(results.options()).extracting(OptionResult::percent).containsExactly(34, 33, 33);
        assertThat(results.options().stream().mapToInt(OptionResult::percent).sum()).isEqualTo(100);
    }

    @Test
    void countsAndSharesFollowTheVotes() {
        ResultsView results = ResultsView.of(pollWith(4), Map.of(1L, 7L, 2L, 2L, 4L, 1L));

        assertThat(results.totalVotes()).isEqualTo(10);
        assertThat(results.options()).extracting(OptionResult::votes).containsExactly(7L, 2L, 0L, 1L);
        assertThat(results.options()).extracting(OptionResult::percent).containsExactly(70, 20, 0, 10);
    }

    @Test
    void sharesAlwaysSumToOneHundredForManyDistributions() {
        for (long a = 0; a < 12; a++) {
            for (long b = 0; b < 12; b++) {
                for (long c = 1; c < 12; c++) {
                    ResultsView results = ResultsView.of(pollWith(3), Map.of(1L, a, 2L, b, 3L, c));
                    assertThat(results.options().stream().mapToInt(OptionResult::percent).sum())
                            .as("votes %d/%d/%d", a, b, c).isEqualTo(100);
                }
            }
        }
    }
}
