package app.vote.account.boundary;

import app.vote.account.entity.Account;
import app.vote.account.entity.Role;
import java.util.Set;
import java.util.stream.Collectors;

/** What callers outside the EJB tier may know of an account: never its password hash. */
public record AccountView(long id, String username, Set<String> roles) {

    static AccountView of(Account account) {
        return new AccountView(account.getId(), account.getUsername(),
                account.getRoles().stream().map(Role::roleName).collect(Collectors.toUnmodifiableSet()));
    }
}
