package app.vote.account.web;

import app.vote.platform.web.FacesMessages;
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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The sign-in form: hands the credentials to Jakarta Security and goes where the visitor wanted. */
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

    private String username;
    private String password;
    private String continueTo;

    public String signIn() throws IOException {
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        AuthenticationStatus status = securityContext.authenticate(request, response,
                AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(username, new Password(password)))
                        .newAuthentication(true));
        switch (status) {
            case SEND_CONTINUE -> {
                // The mechanism already redirected to the page that asked for a sign-in.
                faces.responseComplete();
                return null;
            }
            case SUCCESS -> {
                request.changeSessionId();
                messages.flash(FacesMessage.SEVERITY_INFO, "login.welcome", username);
                external.redirect(external.getRequestContextPath() + SafeRedirects.localPathOrHome(continueTo));
                return null;
            }
            default -> {
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

    public String getContinueTo() {
        return continueTo;
    }

    public void setContinueTo(String continueTo) {
        this.continueTo = continueTo;
    }
}
