package app.vote.platform.web;

import jakarta.el.ELContext;
import jakarta.el.ELException;
import jakarta.el.ELResolver;
import jakarta.el.PropertyNotWritableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;

/**
 * Lets pages read record components as properties ({@code #{poll.question}}), which Expression
 * Language only learns in version 6 (Jakarta EE 11). The EJB facades hand the web tier records,
 * and this keeps the pages free of {@code ()} calls. Records are immutable, so it never writes.
 */
public class RecordELResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        Optional<RecordComponent> component = component(base, property);
        if (component.isEmpty()) {
            return null;
        }
        try {
            Object value = component.get().getAccessor().invoke(base);
            context.setPropertyResolved(base, property);
            return value;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new ELException("Cannot read " + property + " of " + base.getClass().getName(), e);
        }
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        Optional<RecordComponent> component = component(base, property);
        if (component.isEmpty()) {
            return null;
        }
        context.setPropertyResolved(base, property);
        // Read-only: per the ELResolver contract a read-only property has no type to set.
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        if (component(base, property).isPresent()) {
            throw new PropertyNotWritableException(property + " of a record cannot be changed");
        }
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        if (component(base, property).isPresent()) {
            context.setPropertyResolved(base, property);
            return true;
        }
        return false;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return base != null && base.getClass().isRecord() ? String.class : null;
    }

    private static Optional<RecordComponent> component(Object base, Object property) {
        if (base == null || !base.getClass().isRecord() || !(property instanceof String name)) {
            return Optional.empty();
        }
        return Arrays.stream(base.getClass().getRecordComponents())
                .filter(c -> c.getName().equals(name))
                .findFirst();
    }
}
