package app.vote.ballot.boundary;

import app.vote.platform.DomainException;

/** Every account votes at most once per poll; this one already has. */
public class AlreadyVotedException extends DomainException {

    private static final long serialVersionUID = 1L;

    public AlreadyVotedException(long pollId) {
        super("You have already voted on poll " + pollId + "; change or withdraw that vote instead.");
    }
}
