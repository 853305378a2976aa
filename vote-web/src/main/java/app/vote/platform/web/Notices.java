package app.vote.platform.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.application.ViewHandler;
import jakarta.faces.application.ViewHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages that survive the redirect after a POST ("Your vote was counted"), delivered to exactly
 * the GET that redirect leads to.
 *
 * <p>Faces' own Flash hands its messages to whichever request of the session comes next. On the poll
 * page that is often not the redirect: the live results of another open tab answer the same vote's
 * push with an Ajax request, which then swallows the message. So the messages wait in the session
 * under a random token, the redirect URL carries {@code notice=token} (this class wraps the
 * {@link ViewHandler} that builds redirect URLs: {@link RedirectHandler}), and only the request with
 * that token takes them. Registered in faces-config.xml as phase listener and view handler.
 */
public class Notices implements PhaseListener {

    private static final long serialVersionUID = 1L;

    static final String PARAMETER = "notice";
    private static final String PENDING = Notices.class.getName() + ".pending";
    private static final String STORE = Notices.class.getName() + ".store";
    /** Tokens kept per session: more than anyone has redirects in flight; the oldest go first. */
    private static final int MAX_STORED = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Keeps a message for the redirect this request ends with. */
    static void keep(FacesContext faces, FacesMessage message) {
        @SuppressWarnings("unchecked")
        List<FacesMessage> pending = (List<FacesMessage>) faces.getExternalContext().getRequestMap()
                .computeIfAbsent(PENDING, key -> new ArrayList<FacesMessage>());
        pending.add(message);
    }

    /** For redirects built by hand ({@code ExternalContext.redirect}): the URL with the token added. */
    public static String withNotice(FacesContext context, String url) {
        String token = store(context);
        return token == null ? url : url + (url.contains("?") ? "&" : "?") + PARAMETER + "=" + token;
    }

    private static String store(FacesContext context) {
        ExternalContext external = context.getExternalContext();
        @SuppressWarnings("unchecked")
        List<FacesMessage> pending = (List<FacesMessage>) external.getRequestMap().remove(PENDING);
        if (pending == null || pending.isEmpty()) {
            return null;
        }
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Store store = (Store) external.getSessionMap().computeIfAbsent(STORE, key -> new Store());
        synchronized (store) {
            store.put(token, new ArrayList<>(pending));
        }
        // Put again so a replicated session sees the change.
        external.getSessionMap().put(STORE, store);
        return token;
    }

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.RESTORE_VIEW;
    }

    @Override
    public void beforePhase(PhaseEvent event) {
        // Messages are added once the view exists.
    }

    /** On the GET a redirect led to: shows the messages kept under its token, once. */
    @Override
    public void afterPhase(PhaseEvent event) {
        FacesContext context = event.getFacesContext();
        ExternalContext external = context.getExternalContext();
        String token = external.getRequestParameterMap().get(PARAMETER);
        if (token == null || context.isPostback() || external.getSession(false) == null) {
            return;
        }
        Store store = (Store) external.getSessionMap().get(STORE);
        if (store == null) {
            return;
        }
        List<FacesMessage> messages;
        synchronized (store) {
            messages = store.remove(token);
        }
        if (messages != null) {
            messages.forEach(message -> context.addMessage(null, message));
        }
    }

    /** Adds {@code notice=token} to a Faces redirect ({@code faces-redirect=true}) when this request kept messages. */
    public static class RedirectHandler extends ViewHandlerWrapper {

        public RedirectHandler(ViewHandler wrapped) {
            super(wrapped);
        }

        @Override
        public String getRedirectURL(FacesContext context, String viewId, Map<String, List<String>> parameters,
                boolean includeViewParams) {
            String token = store(context);
            if (token == null) {
                return super.getRedirectURL(context, viewId, parameters, includeViewParams);
            }
            Map<String, List<String>> withToken = new HashMap<>(parameters == null ? Map.of() : parameters);
            withToken.put(PARAMETER, List.of(token));
            return super.getRedirectURL(context, viewId, withToken, includeViewParams);
        }
    }

    /** The session's kept messages by token, oldest dropped first. */
    private static final class Store extends LinkedHashMap<String, List<FacesMessage>> {

        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<FacesMessage>> eldest) {
            return size() > MAX_STORED;
        }
    }

}
