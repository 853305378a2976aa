package app.vote.platform.web;

import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.component.UIViewRoot;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Iterator;

/**
 * A form whose view state the server does not know (the session expired or never existed, or the
 * state was forged) is the client's problem, not the server's: it gets the "Page expired" page with
 * 400 Bad Request, rendered in place. Left to the container, the exception became a 500 with a
 * stack trace in the log for every forged POST. Nothing of the form was applied: the view was never
 * restored, so no value reached a bean and no action ran.
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
                if (isExpiredView(events.next().getContext().getException())) {
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
