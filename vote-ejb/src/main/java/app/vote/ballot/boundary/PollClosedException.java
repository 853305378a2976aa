package app.vote.ballot.boundary;

import app.vote.platform.DomainException;

/** The poll was closed, or its closing time has passed: its votes are final. */
public class PollClosedException extends DomainException {

    private static final long serialVersionUID = 1L;

    public PollClosedException(long pollId) {
        super("Poll " + pollId + " is closed; its votes can no longer be cast, changed or withdrawn.");
    }
}
