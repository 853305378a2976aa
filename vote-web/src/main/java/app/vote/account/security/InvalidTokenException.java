package app.vote.account.security;

/** A bearer token that cannot be trusted: bad signature, wrong issuer or audience, expired... */
public class InvalidTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String reason) {
        super(reason);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
