package app.vote.account.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.vote.account.security.FormSignInScope.PagesOnlyContext;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import org.junit.jupiter.api.Test;

/**
 * Which requests {@link FormSignInScope} lets past the pages' form sign-in. That the container
 * uses the wrapper, and that sign-in still works, is shown by WebSliceIT and the browser journeys.
 */
class FormSignInScopeTest {

    private final List<String> formSignInCalls = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final PagesOnlyContext context = new PagesOnlyContext(new RecordingFormSignIn(), this::record, "/api/v1");

    @Test
    void apiRequestsNeverReachTheFormSignInAndHaveNoCaller() throws Exception {
        Subject client = new Subject();
        MessageInfo api = request("/api/v1");

        assertThat(context.validateRequest(api, client, null)).isEqualTo(AuthStatus.SUCCESS);
        assertThat(context.secureResponse(api, null)).isEqualTo(AuthStatus.SEND_SUCCESS);

        assertThat(formSignInCalls).isEmpty();
        assertThat(callbacks).singleElement().isInstanceOfSatisfying(CallerPrincipalCallback.class, callback -> {
            assertThat(callback.getSubject()).isSameAs(client);
            assertThat(callback.getPrincipal()).isNull();
            assertThat(callback.getName()).isNull();
        });
    }

    @Test
    void pagesAndEverythingElseGoThroughTheFormSignIn() throws Exception {
        for (String servletPath : List.of("/login.xhtml", "/admin/polls.xhtml", "/resources", "/api", "/api/v2", "")) {
            MessageInfo page = request(servletPath);

            assertThat(context.validateRequest(page, new Subject(), null)).as(servletPath).isEqualTo(AuthStatus.SEND_CONTINUE);
            assertThat(context.secureResponse(page, null)).as(servletPath).isEqualTo(AuthStatus.SEND_CONTINUE);
        }

        assertThat(formSignInCalls).hasSize(12);
        assertThat(callbacks).isEmpty();
    }

    private void record(Callback[] handled) {
        callbacks.addAll(List.of(handled));
    }

    private static MessageInfo request(String servletPath) {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(FormSignInScopeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getServletPath")) {
                        return servletPath;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new MessageInfo() {
            private final Map<String, Object> properties = new HashMap<>();

            @Override
            public Object getRequestMessage() {
                return request;
            }

            @Override
            public Object getResponseMessage() {
                return null;
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
