package app.vote.poll.api;

import app.vote.ballot.boundary.VoteView;
import app.vote.poll.boundary.PageView;
import app.vote.poll.boundary.PollView;
import app.vote.poll.boundary.ResultsView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.EntityTag;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The JSON of polls, pages of polls and results, each written once, with its entity tag, for as
 * long as what it shows reads the same. Serialising a page of twenty polls with JSON-B per request
 * was 18 % of the list's CPU; for one poll or its results, JSON-B and the ETag's digest per
 * request made them cost more than the list (PERFORMANCE.md, sections 22 and 37). The views are
 * records: equal views give equal JSON, and any change (a vote, closing, the closing time passing)
 * is a different view, so a kept entry is never stale; it is only unused until the map is cleared.
 */
@ApplicationScoped
public class PollJsonWriter {

    /** Enough for every poll on the pages being read, small enough to clear without a thought. */
    static final int MAX_KEPT = 2_000;

    private static final Jsonb JSON = JsonbBuilder.create();

    private final Map<PollView, Written> polls = new ConcurrentHashMap<>();
    private final Map<ResultsView, Written> results = new ConcurrentHashMap<>();

    /** A representation's JSON and the strong ETag of exactly those bytes. */
    public record Written(String json, EntityTag tag) {

        static Written of(Object representation) {
            String json = JSON.toJson(representation);
            return new Written(json, EntityTags.of(json));
        }
    }

    /** The same JSON as JSON-B writes for {@link PollPageJson}. */
    public String page(PageView<PollView> page) {
        StringBuilder json = new StringBuilder(256 + 512 * page.items().size()).append("{\"items\":[");
        for (int i = 0; i < page.items().size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(poll(page.items().get(i)).json());
        }
        return json.append("],\"page\":").append(page.page())
                .append(",\"size\":").append(page.size())
                .append(",\"totalItems\":").append(page.totalItems())
                .append('}')
                .toString();
    }

    /** The poll as anyone sees it. */
    public Written poll(PollView poll) {
        return kept(polls, poll, PollJson::of);
    }

    /** The poll with the caller's own vote, which is theirs alone and so written for each request. */
    public Written poll(PollView poll, VoteView myVote) {
        return myVote == null ? poll(poll) : Written.of(PollJson.of(poll, myVote));
    }

    public Written results(ResultsView view) {
        return kept(results, view, ResultsJson::of);
    }

    private static <V> Written kept(Map<V, Written> written, V view, Function<V, Object> representation) {
        Written kept = written.get(view);
        if (kept != null) {
            return kept;
        }
        if (written.size() >= MAX_KEPT) {
            written.clear();
        }
        Written fresh = Written.of(representation.apply(view));
        written.put(view, fresh);
        return fresh;
    }
}
