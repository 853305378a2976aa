package app.vote.account.web;

import app.vote.account.entity.Role;
import app.vote.platform.web.FacesMessages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;

/** Who is signed in, for the pages, and signing out. */
@Named
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityContext securityContext;

    @Inject
    ExternalContext external;

    @Inject
    FacesMessages messages;

    public boolean isSignedIn() {
        return securityContext.getCallerPrincipal() != null;
    }

    public String getUsername() {
        Principal caller = securityContext.getCallerPrincipal();
        return caller == null ? null : caller.getName();
    }

    /** The signed-in voter's username, for backing beans that act on their behalf. */
    public Optional<String> username() {
        return Optional.ofNullable(getUsername());
    }

    public boolean isAdmin() {
        return securityContext.isCallerInRole(Role.ADMIN_NAME);
    }

    public String signOut() throws ServletException {
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        messages.flash(FacesMessage.SEVERITY_INFO, "logout.done");
        return "/index?faces-redirect=true";
    }
}
