package app.vote.platform.web;

import jakarta.faces.application.ProjectStage;
import jakarta.faces.application.ResourceHandler;
import jakarta.faces.application.ResourceHandlerWrapper;
import jakarta.faces.application.ViewResource;
import jakarta.faces.context.FacesContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers where each of the application's views is, once found. Every {@code h:link} and
 * {@code h:button} asks whether its target view exists, and Mojarra answers from its own cache only
 * after looking up {@code jakarta.faces.resource.localePrefix} in the message bundle: the key is not
 * there, so each link paid for a {@code MissingResourceException} with its stack trace
 * (PERFORMANCE.md, section 17).
 * <p>
 * Only views that exist are remembered, so the map holds no more than the application's own views
 * whatever names requests make up; a name that is not a view still gets Mojarra's answer each time.
 * Only in the Production stage: views do not change after deployment there, while in Development a
 * view added or removed is seen at once. The key is the view's name alone, which is right as long as
 * the application has no resource library contracts and no localised views. The right fix is in
 * Mojarra (look the prefix up once, not per call); this wrapper stands in for it at the standard
 * extension point.
 */
public class KnownViewResources extends ResourceHandlerWrapper {

    private final boolean remember;
    private final ConcurrentMap<String, ViewResource> views = new ConcurrentHashMap<>();

    public KnownViewResources(ResourceHandler wrapped) {
        this(wrapped, FacesContext.getCurrentInstance().isProjectStage(ProjectStage.Production));
    }

    KnownViewResources(ResourceHandler wrapped, boolean remember) {
        super(wrapped);
        this.remember = remember;
    }

    @Override
    public ViewResource createViewResource(FacesContext context, String viewName) {
        ViewResource known = views.get(viewName);
        if (known != null) {
            return known;
        }
        ViewResource found = super.createViewResource(context, viewName);
        if (found != null && remember) {
            views.putIfAbsent(viewName, found);
        }
        return found;
    }
}
