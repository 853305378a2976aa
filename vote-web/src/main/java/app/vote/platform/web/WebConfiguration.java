package app.vote.platform.web;

import app.vote.account.entity.Role;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.annotation.FacesConfig;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Switches on Faces 4 with CDI and the sign-in mechanism: a Faces login page that calls
 * {@code SecurityContext.authenticate}, with the visitor sent back to the page they wanted
 * ({@code ?resume=true} tells the login page that the container sent them; see LoginBacking).
 */
@FacesConfig
@CustomFormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/login.xhtml?resume=true", errorPage = "", useForwardToLogin = false))
@DeclareRoles({Role.VOTER_NAME, Role.ADMIN_NAME})
@ApplicationScoped
public class WebConfiguration {
}
