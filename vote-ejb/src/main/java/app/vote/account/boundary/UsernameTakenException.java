package app.vote.account.boundary;

import app.vote.platform.DomainException;

/** Somebody already registered this username. */
public class UsernameTakenException extends DomainException {

    private static final long serialVersionUID = 1L;

    public UsernameTakenException(String username) {
        super("The username \"" + username + "\" is already taken.");
    }
}
