package app.vote.poll.boundary;

import app.vote.poll.entity.PollStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A poll's counts, derived from the vote rows in one aggregate query. */
public record ResultsView(long pollId, String question, PollStatus status, long totalVotes,
        List<OptionResult> options) {

    public boolean open() {
        return status == PollStatus.OPEN;
    }

    /**
     * Whole-number percentages that add up to exactly 100 (largest-remainder method), or all 0
     * when nobody voted, so bars and figures never disagree with each other.
     */
    static ResultsView of(PollView poll, Map<Long, Long> votesByOption) {
        List<OptionView> options = poll.options();
        long total = options.stream().mapToLong(o -> votesByOption.getOrDefault(o.id(), 0L)).sum();
        int[] percents = new int[options.size()];
        if (total > 0) {
            long[] remainders = new long[options.size()];
            int assigned = 0;
            for (int i = 0; i < options.size(); i++) {
                long scaled = votesByOption.getOrDefault(options.get(i).id(), 0L) * 100;
                percents[i] = (int) (scaled / total);
                remainders[i] = scaled % total;
                assigned += percents[i];
            }
            List<Integer> byRemainder = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                byRemainder.add(i);
            }
            byRemainder.sort(Comparator.comparingLong((Integer i) -> remainders[i]).reversed());
            for (int k = 0; k < 100 - assigned; k++) {
                percents[byRemainder.get(k)]++;
            }
        }
        List<OptionResult> results = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            OptionView option = options.get(i);
            results.add(new OptionResult(option.id(), option.text(),
                    votesByOption.getOrDefault(option.id(), 0L), percents[i]));
        }
        return new ResultsView(poll.id(), poll.question(), poll.status(), total, List.copyOf(results));
    }
}
