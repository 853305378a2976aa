package app.vote.platform.web;

import jakarta.faces.FacesException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.component.UIViewRoot;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.faces.event.ExceptionQueuedEventContext;
import jakarta.faces.event.PhaseId;
import jakarta.faces.render.ResponseStateManager;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Iterator;

/**
 * A form whose view state the server does not know (the session expired or never existed, or the
 * state was forged) is the client's problem, not the server's: it gets the "Page expired" page with
 * 400 Bad Request, rendered in place. Left to the container, the exception became a 500 with a
 * stack trace in the log for every forged POST. Nothing of the form was applied: the view was never
 * restored, so no value reached a bean and no action ran.
 *
 * <p>The same goes for a form rendered before its visitor signed in, posted after: a sign-in or
 * registration form left open in one tab while the visitor signed in in another. Its view was
 * transient (layout.xhtml), a signed-in visitor's is not, and Faces refuses to restore a view whose
 * form claims no state but which has state now, with a plain {@link FacesException}.
 */
public class ExpiredViewExceptionHandlerFactory extends ExceptionHandlerFactory {

    static final String EXPIRED_PAGE = "/WEB-INF/errors/expired.xhtml";

    public ExpiredViewExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new ExpiredViewHandler(getWrapped().getExceptionHandler());
    }

    private static final class ExpiredViewHandler extends ExceptionHandlerWrapper {

        ExpiredViewHandler(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() {
            FacesContext faces = FacesContext.getCurrentInstance();
            boolean expired = false;
            for (Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator(); events.hasNext(); ) {
                ExceptionQueuedEventContext failure = events.next().getContext();
                if (isExpiredView(failure.getException()) || isStatelessFormOfAViewWithState(faces, failure)) {
                    events.remove();
                    expired = true;
                }
            }
            if (expired && !faces.getExternalContext().isResponseCommitted()) {
                faces.getExternalContext().setResponseStatus(HttpServletResponse.SC_BAD_REQUEST);
                UIViewRoot page = faces.getApplication().getViewHandler().createView(faces, EXPIRED_PAGE);
                faces.setViewRoot(page);
                faces.getPartialViewContext().setRenderAll(true);
                faces.renderResponse();
            }
            getWrapped().handle();
        }

        private static boolean isStatelessFormOfAViewWithState(FacesContext faces, ExceptionQueuedEventContext failure) {
            return failure.getPhaseId() == PhaseId.RESTORE_VIEW
                    && failure.getException().getClass() == FacesException.class
                    && "stateless".equals(faces.getExternalContext().getRequestParameterMap().get(ResponseStateManager.VIEW_STATE_PARAM));
        }

        private static boolean isExpiredView(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof ViewExpiredException) {
                    return true;
                }
            }
            return false;
        }
    }
}
