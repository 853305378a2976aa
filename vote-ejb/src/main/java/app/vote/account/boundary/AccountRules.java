package app.vote.account.boundary;

/** The rules for usernames and passwords, shared by the API, the Faces forms and the service. */
public final class AccountRules {

    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 32;
    public static final String USERNAME_PATTERN = "[a-z0-9._-]{" + USERNAME_MIN + "," + USERNAME_MAX + "}";
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;

    private AccountRules() {
    }
}
