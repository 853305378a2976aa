package app.vote.ballot.boundary;

import app.vote.platform.DomainException;

/** A change or withdrawal of a vote this account never cast (or already withdrew). */
public class NoVoteException extends DomainException {

    private static final long serialVersionUID = 1L;

    public NoVoteException(long pollId) {
        super("You have no vote on poll " + pollId + ".");
    }
}
