package app.vote.account.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.account.security.FormSignInScope.ScopedContext;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import org.junit.jupiter.api.Test;

/**
 * Which requests {@link FormSignInScope} answers itself and which it hands to the pages' form
 * sign-in. That the container uses the wrapper, that sign-in and the way back from a protected page
 * still work, and that no session is started, is shown by WebSliceIT and the browser journeys.
 */
class FormSignInScopeTest {

    private static final String CONTEXT_PATH = "/vote";

    private final List<String> formSignInCalls = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final ScopedContext context = new ScopedContext(new RecordingFormSignIn(), this::record, "/api/v1");

    @Test
    void apiRequestsNeverReachTheFormSignInAndHaveNoCaller() throws Exception {
        for (boolean withSession : List.of(false, true)) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                Subject client = new Subject();
                Exchange api = new Exchange(method, "/api/v1", "/api/v1/polls/3/votes", null, withSession, false);

                assertThat(context.validateRequest(api.info, client, null)).isEqualTo(AuthStatus.SUCCESS);
                assertThat(context.secureResponse(api.info, null)).isEqualTo(AuthStatus.SEND_SUCCESS);

                assertThat(callbacks.remove(0)).isInstanceOfSatisfying(CallerPrincipalCallback.class, callback -> {
                    assertThat(callback.getSubject()).isSameAs(client);
                    assertThat(callback.getPrincipal()).isNull();
                    assertThat(callback.getName()).isNull();
                });
            }
        }
        assertThat(formSignInCalls).isEmpty();
        assertThat(callbacks).isEmpty();
    }

    @Test
    void readsWithoutASessionOfPagesAnybodyMaySeeHaveNoCallerWithoutTheFormSignIn() throws Exception {
        for (String method : List.of("GET", "HEAD")) {
            for (String servletPath : List.of("/index.xhtml", "/poll.xhtml", "/login.xhtml", "/jakarta.faces.resource", "/resources")) {
                Exchange page = new Exchange(method, servletPath, servletPath, null, false, false);

                assertThat(context.validateRequest(page.info, new Subject(), null)).as(servletPath).isEqualTo(AuthStatus.SUCCESS);
                assertThat(context.secureResponse(page.info, null)).as(servletPath).isEqualTo(AuthStatus.SEND_SUCCESS);
                assertThat(page.headers).as(servletPath).isEmpty();
            }
        }
        assertThat(formSignInCalls).isEmpty();
        assertThat(callbacks).hasSize(10).allSatisfy(callback -> assertThat(callback).isInstanceOf(CallerPrincipalCallback.class));
    }

    @Test
    void aRequestWithoutASessionOfAProtectedPageIsSentToSignInWithTheWayBackInTheAddress() throws Exception {
        Exchange admin = new Exchange("GET", "/admin/polls.xhtml", "/vote/admin/polls.xhtml", "page=2&delete=7", false, true);

        assertThat(context.validateRequest(admin.info, new Subject(), null)).isEqualTo(AuthStatus.SEND_CONTINUE);
        assertThat(context.secureResponse(admin.info, null)).isEqualTo(AuthStatus.SEND_SUCCESS);

        assertThat(admin.status).isEqualTo(302);
        // Relative to the server, so it keeps the https of the load balancer; no session was asked for.
        assertThat(admin.headers).containsExactly(
                Map.entry("Location", "/vote/login.xhtml?continue=%2Fadmin%2Fpolls.xhtml%3Fpage%3D2%26delete%3D7"));
        Exchange myVotes = new Exchange("HEAD", "/my-votes.xhtml", "/vote/my-votes.xhtml", null, false, true);
        assertThat(context.validateRequest(myVotes.info, new Subject(), null)).isEqualTo(AuthStatus.SEND_CONTINUE);
        assertThat(myVotes.status).isEqualTo(302);
        assertThat(myVotes.headers).containsExactly(Map.entry("Location", "/vote/login.xhtml?continue=%2Fmy-votes.xhtml"));
        // Any other method is told to see the sign-in page, which a browser then GETs.
        for (String method : List.of("POST", "PUT", "DELETE")) {
            Exchange write = new Exchange(method, "/admin/new-poll.xhtml", "/vote/admin/new-poll.xhtml", null, false, true);
            assertThat(context.validateRequest(write.info, new Subject(), null)).as(method).isEqualTo(AuthStatus.SEND_CONTINUE);
            assertThat(context.secureResponse(write.info, null)).as(method).isEqualTo(AuthStatus.SEND_SUCCESS);
            assertThat(write.status).as(method).isEqualTo(303);
            assertThat(write.headers).as(method).containsExactly(Map.entry("Location", "/vote/login.xhtml?continue=%2Fadmin%2Fnew-poll.xhtml"));
        }

        assertThat(formSignInCalls).isEmpty();
        assertThat(callbacks).isEmpty();
    }

    @Test
    void requestsWithASessionPostsOfOpenPagesAndTheSignInFormsOwnCallGoThroughTheFormSignIn() throws Exception {
        Exchange signingIn = new Exchange("POST", "/login.xhtml", "/vote/login.xhtml", null, false, true);
        signingIn.attributes.put(FormSignInScope.SIGNING_IN, Boolean.TRUE);
        List<Exchange> exchanges = List.of(
                new Exchange("GET", "/index.xhtml", "/vote/", null, true, false),
                new Exchange("GET", "/admin/polls.xhtml", "/vote/admin/polls.xhtml", null, true, true),
                new Exchange("POST", "/login.xhtml", "/vote/login.xhtml", null, false, false),
                signingIn,
                new Exchange("POST", "/poll.xhtml", "/vote/poll.xhtml", "id=3", true, false),
                new Exchange("POST", "/poll.xhtml", "/vote/poll.xhtml", "id=3", false, false),
                new Exchange("POST", "/admin/polls.xhtml", "/vote/admin/polls.xhtml", null, true, true),
                new Exchange("GET", "/api", "/vote/api", null, true, false),
                new Exchange("GET", "/api/v2", "/vote/api/v2/polls", null, true, false));
        for (Exchange exchange : exchanges) {
            assertThat(context.validateRequest(exchange.info, new Subject(), null)).isEqualTo(AuthStatus.SEND_CONTINUE);
            assertThat(context.secureResponse(exchange.info, null)).isEqualTo(AuthStatus.SEND_CONTINUE);
            assertThat(exchange.headers).isEmpty();
        }

        assertThat(formSignInCalls).hasSize(2 * exchanges.size());
        assertThat(callbacks).isEmpty();
    }

    private void record(Callback[] handled) {
        callbacks.addAll(List.of(handled));
    }

    /** One request and its response as the container hands them to the module; the response records what is set on it. */
    private static final class Exchange {

        final Map<String, String> headers = new LinkedHashMap<>();
        final Map<String, Object> attributes = new HashMap<>();
        int status = 200;
        final MessageInfo info;

        Exchange(String method, String servletPath, String uri, String query, boolean withSession, boolean mandatory) {
            HttpSession session = proxy(HttpSession.class, (name, args) -> {
                throw new UnsupportedOperationException(name);
            });
            HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
                case "getMethod" -> method;
                case "getServletPath" -> servletPath;
                case "getRequestURI" -> uri;
                case "getContextPath" -> uri.startsWith(CONTEXT_PATH) ? CONTEXT_PATH : "";
                case "getQueryString" -> query;
                case "getAttribute" -> attributes.get((String) args[0]);
                // Only ever asked whether a session exists: answering a read must not start one.
                case "getSession" -> {
                    assertThat(args).containsExactly(false);
                    yield withSession ? session : null;
                }
                default -> throw new UnsupportedOperationException(name);
            });
            HttpServletResponse response = proxy(HttpServletResponse.class, (name, args) -> {
                switch (name) {
                    case "setStatus" -> status = (Integer) args[0];
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    default -> throw new UnsupportedOperationException(name);
                }
                return null;
            });
            Map<String, Object> properties = new HashMap<>();
            if (mandatory) {
                properties.put(ScopedContext.IS_MANDATORY, "true");
            }
            info = new MessageInfo() {
                @Override
                public Object getRequestMessage() {
                    return request;
                }

                @Override
                public Object getResponseMessage() {
                    return response;
                }

                @Override
                public void setRequestMessage(Object message) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void setResponseMessage(Object message) {
                    throw new UnsupportedOperationException();
                }

                @Override
                @SuppressWarnings({"rawtypes", "unchecked"})
                public Map getMap() {
                    return properties;
                }
            };
        }

        private interface Answer {
            Object answer(String method, Object[] args);
        }

        private static <T> T proxy(Class<T> type, Answer answer) {
            return type.cast(Proxy.newProxyInstance(FormSignInScopeTest.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> answer.answer(method.getName(), args)));
        }
    }

    /** Stands in for Jakarta Security's module: answers what a sign-in in progress would. */
    private final class RecordingFormSignIn implements ServerAuthContext {

        @Override
        public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject) {
            formSignInCalls.add("validate");
            return AuthStatus.SEND_CONTINUE;
        }

        @Override
        public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
            formSignInCalls.add("secure");
            return AuthStatus.SEND_CONTINUE;
        }

        @Override
        public void cleanSubject(MessageInfo messageInfo, Subject subject) {
            formSignInCalls.add("clean");
        }
    }
}
