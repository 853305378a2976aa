package app.vote.platform.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import java.util.ResourceBundle;

/**
 * When a form comes back refused, says so once at the top, in the page's live region, so a screen
 * reader announces it; each mistake is shown next to its own field. Registered in faces-config.xml.
 */
public class ValidationSummary implements PhaseListener {

    private static final long serialVersionUID = 1L;

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.RENDER_RESPONSE;
    }

    @Override
    public void beforePhase(PhaseEvent event) {
        FacesContext faces = event.getFacesContext();
        if (!faces.isValidationFailed() || faces.getPartialViewContext().isAjaxRequest()
                || !faces.getMessageList(null).isEmpty()) {
            return;
        }
        ResourceBundle bundle = faces.getApplication().getResourceBundle(faces, "msg");
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, bundle.getString("validation.summary"), null));
    }

    @Override
    public void afterPhase(PhaseEvent event) {
        // Nothing to do after rendering.
    }
}
