package app.vote.poll.boundary;

import java.util.List;

/** One page of a listing, with what a client needs to ask for the next one. */
public record PageView<T>(List<T> items, int page, int size, long totalItems) {

    public boolean hasNext() {
        return (long) (page + 1) * size < totalItems;
    }
}
