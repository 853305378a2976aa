package app.vote.platform.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * JPA 3.1 has no mapping for {@link Instant} (EclipseLink would serialise it into a binary column),
 * so instants travel as UTC {@link OffsetDateTime}s into {@code TIMESTAMP WITH TIME ZONE} columns,
 * which H2 and PostgreSQL both store without depending on the server's time zone.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime dateTime) {
        return dateTime == null ? null : dateTime.toInstant();
    }
}
