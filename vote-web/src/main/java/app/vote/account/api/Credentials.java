package app.vote.account.api;

import app.vote.account.boundary.AccountRules;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A username and password, for registering and for getting a token. A class rather than a
 * record: Payara's OpenAPI generator (6.2025.10) fails on {@code @Size} on record components.
 */
@Schema(description = "A username (3-32 of a-z 0-9 . _ -, case-insensitive) and a password (8-128 characters)")
public class Credentials {

    @NotNull(message = "{vote.account.username.invalid}")
    @Pattern(regexp = "(?i)" + AccountRules.USERNAME_PATTERN, message = "{vote.account.username.invalid}")
    @Schema(example = "ada", required = true)
    private String username;

    @NotNull(message = "{vote.account.password.size}")
    @Size(min = AccountRules.PASSWORD_MIN, max = AccountRules.PASSWORD_MAX, message = "{vote.account.password.size}")
    @Schema(example = "correct horse battery", required = true)
    private String password;

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + "]";
    }
}
