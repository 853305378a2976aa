package app.vote.account.api;

import app.vote.account.boundary.AccountView;
import java.util.List;

/** An account on the wire: never its password or hash. */
public record AccountJson(Long id, String username, List<String> roles) {

    static AccountJson of(AccountView account) {
        return new AccountJson(account.id(), account.username(), account.roles().stream().sorted().toList());
    }
}
