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

/**
 * Who is signed in, for the pages, and signing out. The caller is read once per request: a page
 * asks several times (menu, badges, the vote form), and each {@code getCallerPrincipal()} makes
 * Soteria search the request's {@code Subject} again (3.5 % of a poll page's CPU samples; PERFORMANCE.md
 * section 19). The administrator role is read once too, never for a visitor who is not signed in,
 * and from the servlet request, the check that guards the admin pages in {@code web.xml}: Faces
 * evaluates the menu's {@code rendered} once per phase, four times for a form's postback, and
 * Soteria's {@code isCallerInRole} first fails a JNDI lookup of an EJB context before it asks JACC
 * (PERFORMANCE.md section 30). Within one request the caller changes only by signing in, which
 * redirects at once, or by {@link #signOut()}, which forgets both.
 */
@Named
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityContext securityContext;

    @Inject
    ExternalContext external;

    @Inject
    FacesMessages messages;

    /** Read on first use; {@code callerRead} tells a caller not yet read from an anonymous one. */
    private Principal caller;
    private boolean callerRead;
    private Boolean admin;

    public boolean isSignedIn() {
        return caller() != null;
    }

    public String getUsername() {
        Principal principal = caller();
        return principal == null ? null : principal.getName();
    }

    /** The signed-in voter's username, for backing beans that act on their behalf. */
    public Optional<String> username() {
        return Optional.ofNullable(getUsername());
    }

    public boolean isAdmin() {
        if (admin == null) {
            admin = isSignedIn() && external.isUserInRole(Role.ADMIN_NAME);
        }
        return admin;
    }

    public String signOut() throws ServletException {
        ((HttpServletRequest) external.getRequest()).logout();
        callerRead = false;
        admin = null;
        external.invalidateSession();
        messages.flash(FacesMessage.SEVERITY_INFO, "logout.done");
        return "/index?faces-redirect=true";
    }

    private Principal caller() {
        if (!callerRead) {
            caller = securityContext.getCallerPrincipal();
            callerRead = true;
        }
        return caller;
    }
}
