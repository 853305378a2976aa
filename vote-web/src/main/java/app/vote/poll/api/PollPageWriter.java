package app.vote.poll.api;

import app.vote.poll.boundary.PageView;
import app.vote.poll.boundary.PollView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes {@code GET /polls} pages from each poll's JSON, kept for as long as the poll reads the
 * same. Serialising a page of twenty polls with JSON-B per request was 18 % of the list's CPU
 * (PERFORMANCE.md). A {@link PollView} is a record: equal views give equal JSON, and any change
 * (a vote, closing, the closing time passing) is a different view, so a kept fragment is never
 * stale; it is only unused until the map is cleared.
 */
@ApplicationScoped
public class PollPageWriter {

    /** Enough for every poll on the pages being read, small enough to clear without a thought. */
    static final int MAX_FRAGMENTS = 2_000;

    private static final Jsonb JSON = JsonbBuilder.create();
    private final Map<PollView, String> fragments = new ConcurrentHashMap<>();

    /** The same JSON as JSON-B writes for {@link PollPageJson}. */
    public String write(PageView<PollView> page) {
        StringBuilder json = new StringBuilder(256 + 512 * page.items().size()).append("{\"items\":[");
        for (int i = 0; i < page.items().size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(fragment(page.items().get(i)));
        }
        return json.append("],\"page\":").append(page.page())
                .append(",\"size\":").append(page.size())
                .append(",\"totalItems\":").append(page.totalItems())
                .append('}')
                .toString();
    }

    private String fragment(PollView poll) {
        String kept = fragments.get(poll);
        if (kept != null) {
            return kept;
        }
        if (fragments.size() >= MAX_FRAGMENTS) {
            fragments.clear();
        }
        String json = JSON.toJson(PollJson.of(poll));
        fragments.put(poll, json);
        return json;
    }
}
