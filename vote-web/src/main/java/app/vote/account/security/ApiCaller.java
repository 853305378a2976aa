package app.vote.account.security;

import java.security.Principal;
import java.util.Set;

/** Who sent an API request, as its bearer token says: an account's username and its roles. */
public record ApiCaller(String username, Set<String> roles) implements Principal {

    @Override
    public String getName() {
        return username;
    }
}
