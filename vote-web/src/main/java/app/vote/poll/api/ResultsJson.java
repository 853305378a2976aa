package app.vote.poll.api;

import app.vote.poll.boundary.ResultsView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.Locale;

/** A poll's counts; the percentages add up to 100 (or are all 0 without votes). */
@JsonbPropertyOrder({"pollId", "status", "totalVotes", "options"})
@Schema(name = "Results", description = "A poll's counts; percentages add up to 100, or are all 0 without votes")
public record ResultsJson(long pollId, String status, long totalVotes, List<OptionCountJson> options) {

    public record OptionCountJson(long id, String text, long votes, int percent) {
    }

    public static ResultsJson of(ResultsView results) {
        return new ResultsJson(results.pollId(), results.status().name().toLowerCase(Locale.ROOT),
                results.totalVotes(),
                results.options().stream()
                        .map(o -> new OptionCountJson(o.id(), o.text(), o.votes(), o.percent()))
                        .toList());
    }
}
