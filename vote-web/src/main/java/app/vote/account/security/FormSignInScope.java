package app.vote.account.security;

import app.vote.account.web.SignInPage;
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
import jakarta.servlet.http.HttpServletResponse;
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
 * Runs the pages' form sign-in (Jakarta Security) only for the requests that need it.
 *
 * <p>Jakarta Security registers one Jakarta Authentication module for the whole web module, so the
 * container runs the form mechanism twice for every request, once before and once after it. Each
 * run looks the CDI bean manager up through JNDI and builds a {@code NamingException} with its stack
 * trace whether or not the lookup succeeds: 11-14 % of the server's CPU for API reads
 * (PERFORMANCE.md, section 14). At start-up this listener wraps the module registered for this
 * application in the standard {@link AuthConfigFactory}; the wrapper answers three kinds of request
 * itself:
 *
 * <ul>
 * <li><b>The JSON API</b> is established as unauthenticated at the container level, as the API
 * already treated it: it authenticates by bearer token only and ignores session cookies
 * ({@link BearerAuthenticationFilter}), and has no container security constraint.
 * <li><b>A request without a session for a protected page</b> is sent to the sign-in page with the
 * way back in the address ({@link SignInPage#continuingTo}): a 302 for a GET or HEAD, a 303 (see the
 * sign-in page, with a GET) for any other method. The mechanism's own "login to continue" kept the
 * request in a new session instead: every anonymous request for {@code /admin/} or
 * {@code /my-votes.xhtml} left a session for half an hour, enough for a script without cookies to
 * fill the heap (PERFORMANCE.md, section 25), and its cookie, set before any filter runs, had no
 * {@code SameSite}. The address is relative, so it keeps the visitor's scheme behind the load
 * balancer. The sign-in form's own call ({@link #SIGNING_IN}) is not one of these: the container
 * marks every programmatic authentication as protected, and that one must reach the mechanism.
 * <li><b>A GET or HEAD without a session</b> of a page or resource anybody may see has no caller
 * either. The mechanism would say the same: a signed-in caller lives in a session, and only a POST of
 * the sign-in form authenticates anew.
 * </ul>
 *
 * <p>Everything else goes through the form mechanism as before: requests with a session (a signed-in
 * visitor's, or one being signed in) and the POSTs of pages anybody may see, the sign-in form's
 * included.
 */
public class FormSignInScope implements ServletContextListener {

    /** The Servlet profile's message layer (Jakarta Authentication, chapter 3). */
    private static final String HTTP_SERVLET_LAYER = "HttpServlet";

    /** The JAX-RS servlet's path, as the container reports it for every API request. */
    private static final String API_SERVLET_PATH = "/" + ApiApplication.PATH;

    private static final Logger LOG = Logger.getLogger(FormSignInScope.class.getName());

    /**
     * A request attribute the sign-in form sets before it asks Jakarta Security to authenticate its
     * caller. The container flags that call as protected although the sign-in page is not, and the
     * request has no session yet; without the mark it would be sent to sign in instead of signing in.
     */
    public static final String SIGNING_IN = FormSignInScope.class.getName() + ".signingIn";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        // The application context id of the Servlet profile, the one the container looks modules up by.
        String appContext = context.getVirtualServerName() + " " + context.getContextPath();
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        AuthConfigProvider formSignIn = factory.getConfigProvider(HTTP_SERVLET_LAYER, appContext, null);
        if (formSignIn == null) {
            // Sign-in still works without this; every request pays for the form mechanism again, and
            // a protected page gives the visitor a session before they sign in.
            LOG.log(Level.WARNING, "No Jakarta Authentication module is registered for {0}: the form sign-in runs for every request",
                    appContext);
            return;
        }
        factory.registerConfigProvider(new ScopedProvider(formSignIn, API_SERVLET_PATH), HTTP_SERVLET_LAYER, appContext,
                "Jakarta Security's form sign-in, for requests other than the API's (" + API_SERVLET_PATH
                        + ") and reads without a session");
    }

    /** Hands out the form sign-in's configuration, wrapped so that only the requests that need it reach it. */
    record ScopedProvider(AuthConfigProvider formSignIn, String apiServletPath) implements AuthConfigProvider {

        @Override
        public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) throws AuthException {
            return new ScopedConfig(formSignIn.getServerAuthConfig(layer, appContext, handler), handler, apiServletPath);
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

    record ScopedConfig(ServerAuthConfig formSignIn, CallbackHandler handler, String apiServletPath) implements ServerAuthConfig {

        @Override
        public ServerAuthContext getAuthContext(String authContextId, Subject serviceSubject, Map<String, Object> properties)
                throws AuthException {
            return new ScopedContext(formSignIn.getAuthContext(authContextId, serviceSubject, properties), handler, apiServletPath);
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

    record ScopedContext(ServerAuthContext formSignIn, CallbackHandler handler, String apiServletPath) implements ServerAuthContext {

        /**
         * The Servlet profile's flag for a request to a resource under a security constraint
         * (Jakarta Authentication, 3.8.1.1).
         */
        static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";

        /** Marks a request answered here, so its response is not handed to the mechanism either. */
        private static final String ANSWERED_HERE = FormSignInScope.class.getName() + ".answeredHere";

        @Override
        public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject) throws AuthException {
            if (!(messageInfo.getRequestMessage() instanceof HttpServletRequest request)) {
                return formSignIn.validateRequest(messageInfo, clientSubject, serviceSubject);
            }
            // The servlet path, not the raw URI: the container has already decoded, normalised and
            // mapped it, so "/api/v1/../admin/" cannot pass for an API request.
            if (apiServletPath.equals(request.getServletPath())) {
                return noCaller(messageInfo, clientSubject);
            }
            boolean withoutSession = request.getSession(false) == null;
            if (withoutSession && isProtected(messageInfo) && request.getAttribute(SIGNING_IN) == null) {
                answeredHere(messageInfo);
                HttpServletResponse response = (HttpServletResponse) messageInfo.getResponseMessage();
                response.setStatus(isRead(request) ? HttpServletResponse.SC_FOUND : HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", SignInPage.continuingTo(request.getContextPath(), pathAndQuery(request)));
                return AuthStatus.SEND_CONTINUE;
            }
            if (withoutSession && isRead(request)) {
                return noCaller(messageInfo, clientSubject);
            }
            return formSignIn.validateRequest(messageInfo, clientSubject, serviceSubject);
        }

        /**
         * The Servlet profile's way to say "no caller": SUCCESS after a CallerPrincipalCallback
         * without a principal, as the form mechanism itself does when it has nothing to do.
         */
        private AuthStatus noCaller(MessageInfo messageInfo, Subject clientSubject) throws AuthException {
            answeredHere(messageInfo);
            try {
                handler.handle(new Callback[] {new CallerPrincipalCallback(clientSubject, (Principal) null)});
            } catch (IOException | UnsupportedCallbackException e) {
                throw (AuthException) new AuthException("Could not establish an unauthenticated caller").initCause(e);
            }
            return AuthStatus.SUCCESS;
        }

        @Override
        public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) throws AuthException {
            return messageInfo.getMap().containsKey(ANSWERED_HERE) ? AuthStatus.SEND_SUCCESS
                    : formSignIn.secureResponse(messageInfo, serviceSubject);
        }

        @Override
        public void cleanSubject(MessageInfo messageInfo, Subject subject) throws AuthException {
            formSignIn.cleanSubject(messageInfo, subject);
        }

        /**
         * A read: what a link, a crawler or a browser's address bar asks for. Without a session nobody
         * can be signed in to it, and only a POST of the sign-in form authenticates anew.
         */
        private static boolean isRead(HttpServletRequest request) {
            String method = request.getMethod();
            return method.equals("GET") || method.equals("HEAD");
        }

        private static boolean isProtected(MessageInfo messageInfo) {
            return Boolean.parseBoolean((String) messageInfo.getMap().get(IS_MANDATORY));
        }

        @SuppressWarnings("unchecked")
        private static void answeredHere(MessageInfo messageInfo) {
            messageInfo.getMap().put(ANSWERED_HERE, Boolean.TRUE);
        }

        /** The request's path inside the application with its query, as the visitor sent them. */
        private static String pathAndQuery(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String query = request.getQueryString();
            return query == null ? path : path + "?" + query;
        }
    }
}
