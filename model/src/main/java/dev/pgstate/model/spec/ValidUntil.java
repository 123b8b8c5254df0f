package dev.pgstate.model.spec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The meaning of a {@code valid_until} text: empty for "never expires" ({@code infinity}), otherwise an
 * instant. A date or a timestamp without an offset is taken as UTC, so a spec means the same on every box.
 */
public final class ValidUntil {

    public static final String NEVER = "infinity";

    private ValidUntil() {
    }

    /** @throws IllegalArgumentException with the accepted forms when the text is none of them */
    public static Optional<Instant> parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase(NEVER)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.replace(' ', 'T')).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("expected 'infinity', a date (2027-01-31) or a timestamp "
                            + "(2027-01-31T12:00:00Z)");
                }
            }
        }
    }

    /** How the agent writes an expiry back, in the spec and in plans. */
    public static String format(Optional<Instant> expiry) {
        return expiry.map(Instant::toString).orElse(NEVER);
    }
}
