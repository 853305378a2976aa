package app.vote.platform.api;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.ElementType;
import org.glassfish.jersey.server.validation.ValidationConfig;

/**
 * Bean Validation of request bodies without asking JPA whether each property is loaded. The
 * default resolver does, for every property of every body, through a synchronized lookup of the
 * persistence providers (JFR: a top source of blocked threads under the vote storm). Our bodies
 * are plain JSON records, never entities, so every property is reachable and cascadable.
 */
@Provider
public class ValidationSettings implements ContextResolver<ValidationConfig> {

    private static final TraversableResolver PLAIN_OBJECTS = new TraversableResolver() {
        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                ElementType elementType) {
            return true;
        }
    };

    @Override
    public ValidationConfig getContext(Class<?> type) {
        return new ValidationConfig().traversableResolver(PLAIN_OBJECTS);
    }
}
