package app.vote.account.web;

import app.vote.account.control.LoginThrottle;
import app.vote.account.control.LoginThrottle.Key;
import app.vote.account.security.FormSignInScope;
import app.vote.platform.web.FacesMessages;
import app.vote.platform.web.Notices;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The sign-in form: hands the credentials to Jakarta Security and goes where the visitor wanted.
 * Password guessing is slowed down by {@link LoginThrottle}, per username and per client address:
 * a locked key is refused with the time left to wait, before any password is checked.
 */
@Named
@RequestScoped
public class LoginBacking {

    @Inject
    SecurityContext securityContext;

    @Inject
    FacesContext faces;

    @Inject
    ExternalContext external;

    @Inject
    FacesMessages messages;

    @Inject
    LoginThrottle throttle;

    private String username;
    private String password;
    private String continueTo;
    private boolean resume;

    public String signIn() throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        Key account = Key.account(username);
        Key[] keys = {account, Key.address(request.getRemoteAddr())};
        Optional<Duration> wait = throttle.retryAfter(keys);
        if (wait.isPresent()) {
            messages.error(null, "login.throttled", LoginThrottle.wholeSeconds(wait.get()));
            return null;
        }
        // A new session id before the caller is authenticated in it: an id planted in the visitor's
        // browser beforehand (session fixation) never becomes this caller's session. A session
        // somebody is signed in to is ended instead: Payara kept its principal when only the id
        // changed, so signing in as another account left the first one signed in. A session
        // nobody is signed in to keeps its content: the page to return to, or a notice.
        HttpSession existing = request.getSession(false);
        if (existing != null && request.getUserPrincipal() != null) {
            request.logout();
            existing.invalidate();
        } else if (existing != null) {
            request.changeSessionId();
        }
        request.setAttribute(FormSignInScope.SIGNING_IN, Boolean.TRUE);
        AuthenticationStatus status = securityContext.authenticate(request, response,
                AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(username, new Password(password)))
                        // After the container sent the visitor here from a protected page (?resume=true),
                        // continue that dialog so Jakarta Security returns them to the page they wanted.
                        .newAuthentication(!resume));
        switch (status) {
            case SEND_CONTINUE -> {
                // The mechanism already redirected to the protected page that asked for a sign-in.
                throttle.recordSuccess(account);
                faces.responseComplete();
                return null;
            }
            case SUCCESS -> {
                throttle.recordSuccess(account);
                messages.flash(FacesMessage.SEVERITY_INFO, "login.welcome", username);
                external.redirect(Notices.withNotice(faces,
                        external.getRequestContextPath() + SafeRedirects.localPathOrHome(continueTo)));
                return null;
            }
            default -> {
                throttle.recordFailure(keys);
                messages.error(null, "login.failed");
                return null;
            }
        }
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

    public boolean isResume() {
        return resume;
    }

    public void setResume(boolean resume) {
        this.resume = resume;
    }

    public String getContinueTo() {
        return continueTo;
    }

    public void setContinueTo(String continueTo) {
        this.continueTo = continueTo;
    }
}
