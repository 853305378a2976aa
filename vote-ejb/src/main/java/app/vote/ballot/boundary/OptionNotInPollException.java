package app.vote.ballot.boundary;

import app.vote.platform.DomainException;

/** The chosen option belongs to another poll, or to none. */
public class OptionNotInPollException extends DomainException {

    private static final long serialVersionUID = 1L;

    public OptionNotInPollException(long pollId, long optionId) {
        super("Option " + optionId + " is not one of the options of poll " + pollId + ".");
    }
}
