package app.vote.account.web;

import app.vote.account.boundary.AccountRules;
import app.vote.account.boundary.AccountService;
import app.vote.account.boundary.NewAccount;
import app.vote.account.boundary.UsernameTakenException;
import app.vote.platform.web.FacesMessages;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The registration form. Its field rules are the API's, taken from {@link AccountRules}. */
@Named
@RequestScoped
public class RegisterBacking {

    @EJB
    AccountService accounts;

    @Inject
    FacesMessages messages;

    @NotNull(message = "{vote.account.username.invalid}")
    @Pattern(regexp = "(?i)" + AccountRules.USERNAME_PATTERN, message = "{vote.account.username.invalid}")
    private String username;

    @NotNull(message = "{vote.account.password.size}")
    @Size(min = AccountRules.PASSWORD_MIN, max = AccountRules.PASSWORD_MAX, message = "{vote.account.password.size}")
    private String password;

    public String register() {
        try {
            accounts.register(new NewAccount(username, password));
        } catch (UsernameTakenException e) {
            messages.error("register:username", "register.usernameTaken", username);
            return null;
        }
        messages.flash(FacesMessage.SEVERITY_INFO, "register.done", username);
        return "/login?faces-redirect=true";
    }

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
}
