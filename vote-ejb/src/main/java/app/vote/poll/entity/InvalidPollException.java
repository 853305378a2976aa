package app.vote.poll.entity;

import app.vote.platform.DomainException;

/** The poll being created breaks one of the rules a poll must keep (question, options, closing time). */
public class InvalidPollException extends DomainException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidPollException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field at fault: {@code question}, {@code description}, {@code options} or {@code closesAt}. */
    public String field() {
        return field;
    }
}
