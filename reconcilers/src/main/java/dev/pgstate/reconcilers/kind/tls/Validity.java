package dev.pgstate.reconcilers.kind.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** When a certificate to be issued is valid. */
public record Validity(Instant notBefore, Instant notAfter) {

    /** Issued certificates start a little in the past, so a box whose clock lags slightly still accepts them. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
    }

    public static Validity days(Instant now, int days) {
        return new Validity(now.minus(CLOCK_SKEW), now.plus(Duration.ofDays(days)));
    }
}
