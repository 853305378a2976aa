package app.vote.account.security;

import app.vote.platform.api.ApiApplication;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Keeps the pages' form sign-in (Jakarta Security) off the JSON API.
 *
 * <p>Jakarta Security registers one Jakarta Authentication module for the whole web module, so the
 * container ran the form mechanism twice for every API request, once before and once after it. The
 * API throws that work away by design: it authenticates by bearer token only and ignores session
 * cookies ({@link BearerAuthenticationFilter}). The work was not free. Each run looks the CDI bean
 * manager up through JNDI, and each lookup builds a {@code NamingException} with its stack trace
 * whether or not the lookup succeeds. async-profiler found 11-14 % of the server's CPU in it for
 * results reads and the trivial endpoint (PERFORMANCE.md, section 14).
 *
 * <p>At start-up this listener wraps the module registered for this application in the standard
 * {@link AuthConfigFactory}. Requests to the JAX-RS servlet are then established as unauthenticated
 * at the container level, as the API already treated them. Every other request goes through the
 * form mechanism as before. A protected page can never be reached this way: only the API servlet is
 * exempt, and the API has no container security constraint.
 */
public class FormSignInScope implements ServletContextListener {

    /** The Servlet profile's message layer (Jakarta Authentication, chapter 3). */
    private static final String HTTP_SERVLET_LAYER = "HttpServlet";

    /** The JAX-RS servlet's path, as the container reports it for every API request. */
    private static final String API_SERVLET_PATH = "/" + ApiApplication.PATH;

    private static final Logger LOG = Logger.getLogger(FormSignInScope.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        // The application context id of the Servlet profile, the one the container looks modules up by.
        String appContext = context.getVirtualServerName() + " " + context.getContextPath();
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        AuthConfigProvider formSignIn = factory.getConfigProvider(HTTP_SERVLET_LAYER, appContext, null);
        if (formSignIn == null) {
            // Sign-in still works without this; only the API pays for the form mechanism again.
            LOG.log(Level.WARNING, "No Jakarta Authentication module is registered for {0}: the form sign-in runs for API requests too",
                    appContext);
            return;
        }
        factory.registerConfigProvider(new PagesOnlyProvider(formSignIn, API_SERVLET_PATH), HTTP_SERVLET_LAYER, appContext,
                "Jakarta Security's form sign-in for every request except the API's (" + API_SERVLET_PATH + ")");
    }

    /** Hands out the form sign-in's configuration, wrapped so the API servlet skips it. */
    record PagesOnlyProvider(AuthConfigProvider formSignIn, String apiServletPath) implements AuthConfigProvider {

        @Override
        public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) throws AuthException {
            return new PagesOnlyConfig(formSignIn.getServerAuthConfig(layer, appContext, handler), handler, apiServletPath);
        }

        @Override
        public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) throws AuthException {
            return formSignIn.getClientAuthConfig(layer, appContext, handler);
        }

        @Override
        public void refresh() {
            formSignIn.refresh();
        }
    }

    record PagesOnlyConfig(ServerAuthConfig formSignIn, CallbackHandler handler, String apiServletPath) implements ServerAuthConfig {

        @Override
        public ServerAuthContext getAuthContext(String authContextId, Subject serviceSubject, Map<String, Object> properties)
                throws AuthException {
            return new PagesOnlyContext(formSignIn.getAuthContext(authContextId, serviceSubject, properties), handler, apiServletPath);
        }

        @Override
        public String getMessageLayer() {
            return formSignIn.getMessageLayer();
        }

        @Override
        public String getAppContext() {
            return formSignIn.getAppContext();
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return formSignIn.getAuthContextID(messageInfo);
        }

        @Override
        public void refresh() {
            formSignIn.refresh();
        }

        @Override
        public boolean isProtected() {
            return formSignIn.isProtected();
        }
    }

    record PagesOnlyContext(ServerAuthContext formSignIn, CallbackHandler handler, String apiServletPath) implements ServerAuthContext {

        @Override
        public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject) throws AuthException {
            if (!isApiRequest(messageInfo)) {
                return formSignIn.validateRequest(messageInfo, clientSubject, serviceSubject);
            }
            // The Servlet profile's way to say "no caller": SUCCESS after a CallerPrincipalCallback
            // without a principal, as the form mechanism itself does when it has nothing to do.
            try {
                handler.handle(new Callback[] {new CallerPrincipalCallback(clientSubject, (Principal) null)});
            } catch (IOException | UnsupportedCallbackException e) {
                throw (AuthException) new AuthException("Could not establish an unauthenticated API caller").initCause(e);
            }
            return AuthStatus.SUCCESS;
        }

        @Override
        public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) throws AuthException {
            return isApiRequest(messageInfo) ? AuthStatus.SEND_SUCCESS : formSignIn.secureResponse(messageInfo, serviceSubject);
        }

        @Override
        public void cleanSubject(MessageInfo messageInfo, Subject subject) throws AuthException {
            formSignIn.cleanSubject(messageInfo, subject);
        }

        private boolean isApiRequest(MessageInfo messageInfo) {
            // The servlet path, not the raw URI: the container has already decoded, normalised and
            // mapped it, so "/api/v1/../admin/" cannot pass for an API request.
            return messageInfo.getRequestMessage() instanceof HttpServletRequest request
                    && apiServletPath.equals(request.getServletPath());
        }
    }
}
