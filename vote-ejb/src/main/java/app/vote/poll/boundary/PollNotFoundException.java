package app.vote.poll.boundary;

import app.vote.platform.DomainException;

/** No poll has this id (never had, or it was deleted). */
public class PollNotFoundException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final long pollId;

    public PollNotFoundException(long pollId) {
        super("There is no poll with id " + pollId + ".");
        this.pollId = pollId;
    }

    public long pollId() {
        return pollId;
    }
}
