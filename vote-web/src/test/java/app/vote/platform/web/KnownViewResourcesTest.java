package app.vote.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.faces.application.ResourceHandlerWrapper;
import jakarta.faces.application.ViewResource;
import jakarta.faces.context.FacesContext;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownViewResourcesTest {

    private final Views views = new Views("/index.xhtml", "/poll.xhtml");

    @Test
    void aViewThatExistsIsLookedUpOnce() {
        KnownViewResources known = new KnownViewResources(views, true);

        ViewResource first = known.createViewResource(null, "/poll.xhtml");
        ViewResource second = known.createViewResource(null, "/poll.xhtml");

        assertThat(second).isSameAs(first);
        assertThat(first.getURL().getPath()).isEqualTo("/views/poll.xhtml");
        assertThat(views.lookups).containsExactly("/poll.xhtml");
    }

    @Test
    void aNameThatIsNoViewIsAskedEveryTimeAndNeverRemembered() {
        KnownViewResources known = new KnownViewResources(views, true);

        assertThat(known.createViewResource(null, "/made-up-1.xhtml")).isNull();
        assertThat(known.createViewResource(null, "/made-up-1.xhtml")).isNull();

        assertThat(views.lookups).containsExactly("/made-up-1.xhtml", "/made-up-1.xhtml");
    }

    @Test
    void eachViewIsRememberedUnderItsOwnName() {
        KnownViewResources known = new KnownViewResources(views, true);

        known.createViewResource(null, "/index.xhtml");

        assertThat(known.createViewResource(null, "/poll.xhtml").getURL().getPath()).isEqualTo("/views/poll.xhtml");
    }

    @Test
    void outsideProductionEveryLookupReachesTheWrappedHandler() {
        KnownViewResources known = new KnownViewResources(views, false);

        known.createViewResource(null, "/poll.xhtml");
        known.createViewResource(null, "/poll.xhtml");

        assertThat(views.lookups).containsExactly("/poll.xhtml", "/poll.xhtml");
    }

    /**
     * The wrapped resource handler: knows a fixed set of views and records each lookup. It wraps
     * nothing itself; the test asks it for views only.
     */
    private static final class Views extends ResourceHandlerWrapper {

        private final List<String> existing;
        final List<String> lookups = new ArrayList<>();

        Views(String... existing) {
            super(null);
            this.existing = List.of(existing);
        }

        @Override
        public ViewResource createViewResource(FacesContext context, String viewName) {
            lookups.add(viewName);
            if (!existing.contains(viewName)) {
                return null;
            }
            return new ViewResource() {
                @Override
                public URL getURL() {
                    try {
                        return new URL("file:/views" + viewName);
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        }
    }
}
