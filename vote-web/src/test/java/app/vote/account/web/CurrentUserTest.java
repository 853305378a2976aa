package app.vote.account.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.vote.account.entity.Role;
import app.vote.platform.web.FacesMessages;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContextWrapper;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CurrentUserTest {

    /** Jakarta Security's view of the request: who is signed in, and how often the page asked. */
    static class Caller implements SecurityContext {
        Principal principal;
        int asked;

        Caller(String name) {
            principal = name == null ? null : () -> name;
        }

        @Override
        public Principal getCallerPrincipal() {
            asked++;
            return principal;
        }

        @Override
        public <T extends Principal> Set<T> getPrincipalsByType(Class<T> type) {
            return Set.of();
        }

        @Override
        public boolean isCallerInRole(String role) {
            throw new UnsupportedOperationException("roles are read from the request");
        }

        @Override
        public boolean hasAccessToWebResource(String resource, String... methods) {
            return false;
        }

        @Override
        public AuthenticationStatus authenticate(HttpServletRequest request, HttpServletResponse response,
                AuthenticationParameters parameters) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aPageAskingManyTimesMakesJakartaSecurityLookUpTheCallerOnce() {
        Caller caller = new Caller("alice");
        CurrentUser user = currentUser(caller);

        assertTrue(user.isSignedIn());
        assertEquals("alice", user.getUsername());
        assertEquals("alice", user.username().orElseThrow());
        assertTrue(user.isSignedIn());

        assertEquals(1, caller.asked);
    }

    @Test
    void anAnonymousVisitorIsAlsoLookedUpOnce() {
        Caller caller = new Caller(null);
        CurrentUser user = currentUser(caller);

        assertFalse(user.isSignedIn());
        assertNull(user.getUsername());
        assertTrue(user.username().isEmpty());

        assertEquals(1, caller.asked);
    }

    /** The servlet request's view of the caller's roles, and how often the page asked. */
    static class Roles extends ExternalContextWrapper {
        final Set<String> granted;
        int checks;

        Roles(String... granted) {
            super(null);
            this.granted = Set.of(granted);
        }

        @Override
        public boolean isUserInRole(String role) {
            checks++;
            return granted.contains(role);
        }
    }

    @Test
    void theAdministratorRoleIsCheckedOncePerRequest() {
        Roles roles = new Roles(Role.ADMIN_NAME);
        CurrentUser user = currentUser(new Caller("root"), roles);

        assertTrue(user.isAdmin());
        assertTrue(user.isAdmin());
        assertTrue(user.isAdmin());

        assertEquals(1, roles.checks);
    }

    @Test
    void aVoterIsNotAnAdministrator() {
        CurrentUser user = currentUser(new Caller("alice"), new Roles());

        assertFalse(user.isAdmin());
    }

    @Test
    void anAnonymousVisitorIsNoAdministratorWithoutAskingTheContainer() {
        Roles roles = new Roles(Role.ADMIN_NAME);
        CurrentUser user = currentUser(new Caller(null), roles);

        assertFalse(user.isAdmin());
        assertFalse(user.isAdmin());

        assertEquals(0, roles.checks);
    }

    @Test
    void afterSigningOutTheSameRequestNoLongerSeesTheVoter() throws Exception {
        Caller caller = new Caller("alice");
        CurrentUser user = currentUser(caller, new Roles(Role.ADMIN_NAME));
        assertTrue(user.isSignedIn());
        assertTrue(user.isAdmin());
        boolean[] loggedOut = new boolean[1];
        user.external = new ExternalContextWrapper(null) {
            @Override
            public Object getRequest() {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("logout")) {
                                loggedOut[0] = true;
                                caller.principal = null;
                                return null;
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
            }

            @Override
            public void invalidateSession() {
            }
        };
        user.messages = new FacesMessages() {
            @Override
            public void flash(FacesMessage.Severity severity, String key, Object... arguments) {
            }
        };

        assertEquals("/index?faces-redirect=true", user.signOut());

        assertTrue(loggedOut[0]);
        assertFalse(user.isSignedIn());
        assertNull(user.getUsername());
        assertFalse(user.isAdmin());
    }

    private static CurrentUser currentUser(SecurityContext securityContext) {
        return currentUser(securityContext, new Roles());
    }

    private static CurrentUser currentUser(SecurityContext securityContext, Roles roles) {
        CurrentUser user = new CurrentUser();
        user.securityContext = securityContext;
        user.external = roles;
        return user;
    }
}
