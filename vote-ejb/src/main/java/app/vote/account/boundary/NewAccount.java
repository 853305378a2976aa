package app.vote.account.boundary;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/** A registration request. Usernames are case-insensitive: they are stored lower-case. */
public record NewAccount(
        @NotNull(message = "{vote.account.username.invalid}")
        @Pattern(regexp = AccountRules.USERNAME_PATTERN, message = "{vote.account.username.invalid}")
        String username,
        @NotNull(message = "{vote.account.password.size}")
        @Size(min = AccountRules.PASSWORD_MIN, max = AccountRules.PASSWORD_MAX, message = "{vote.account.password.size}")
        String password) {

    public NewAccount {
        username = username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "NewAccount[username=" + username + "]";
    }
}
