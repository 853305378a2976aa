package app.vote.account.entity;

import java.util.Locale;

/** What an account may do. The lower-case names are the security roles the web tier declares. */
public enum Role {
    VOTER,
    ADMIN;

    public static final String VOTER_NAME = "voter";
    public static final String ADMIN_NAME = "admin";

    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
