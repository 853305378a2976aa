package app.vote.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Times as the pages show and read them. The server cannot know a visitor's time zone without
 * JavaScript, so every time is shown, and typed, in UTC and says so. Pages use
 * {@code #{times.format(poll.closesAt)}} inside a {@code <time datetime="#{times.iso(...)}">}.
 */
@Named("times")
@ApplicationScoped
public class DisplayTimes {

    /** What an HTML {@code datetime-local} field sends: minutes, no zone. */
    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** "28 Nov 2026, 14:05 UTC" in English, "28 nov. 2026, 14:05 UTC" in French. */
    public String format(Instant instant) {
        if (instant == null) {
            return "";
        }
        DateTimeFormatter formatter = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(FacesContext.getCurrentInstance().getViewRoot().getLocale())
                .withZone(ZoneOffset.UTC);
        return formatter.format(instant) + " UTC";
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Reads a {@code datetime-local} value as UTC; empty when the text is not such a value. */
    public static Optional<Instant> parseField(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text.strip(), FIELD).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
