package app.vote.platform.web;

import app.vote.account.entity.Role;
import app.vote.account.web.SignInPage;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.annotation.FacesConfig;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Switches on Faces 4 with CDI and the sign-in mechanism: a Faces login page that calls
 * {@code SecurityContext.authenticate}, with the visitor sent back to the page they wanted. A visitor
 * without a session is sent there with the way back in the address ({@code FormSignInScope}); the
 * mechanism's own "login to continue" below keeps the way back in an existing session, and
 * {@code ?resume=true} tells the login page that it did (see LoginBacking).
 */
@FacesConfig
@CustomFormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = SignInPage.PATH + "?resume=true", errorPage = "", useForwardToLogin = false))
@DeclareRoles({Role.VOTER_NAME, Role.ADMIN_NAME})
@ApplicationScoped
public class WebConfiguration {
}
