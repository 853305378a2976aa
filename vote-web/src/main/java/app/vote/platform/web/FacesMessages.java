package app.vote.platform.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Texts from the bundle in the visitor's language, shown now or, with {@link #flash}, after the
 * redirect that follows every POST ({@link Notices} carries them across it).
 */
@RequestScoped
public class FacesMessages {

    private static final String BUNDLE = "app.vote.web.messages";

    @Inject
    FacesContext faces;

    public String text(String key, Object... arguments) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, faces.getViewRoot().getLocale(),
                Thread.currentThread().getContextClassLoader());
        String pattern = bundle.getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(arguments);
    }

    /**
     * A message for the field with the given client id (or the whole page when null), on this
     * response. A field's message marks the form as refused, as a failed validation would.
     */
    public void error(String clientId, String key, Object... arguments) {
        faces.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text(key, arguments), null));
        if (clientId != null) {
            faces.validationFailed();
        }
    }

    /** A message for the page the redirect after this POST leads to. */
    public void flash(FacesMessage.Severity severity, String key, Object... arguments) {
        Notices.keep(faces, new FacesMessage(severity, text(key, arguments), null));
    }
}
