package dev.pgstate.reconcilers.core.plan;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate the agent knows of on the box (served, a CA, an issued client certificate), for the expiry metric:
 * where it is and when it ends.
 *
 * @param file    the file holding it
 * @param subject its subject, RFC 2253 ({@code CN=localhost})
 */
public record KnownCertificate(Path file, String subject, Instant notAfter) {

    public KnownCertificate {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    public static KnownCertificate of(Path file, X509Certificate certificate) {
        return new KnownCertificate(file, certificate.getSubjectX500Principal().getName(),
                certificate.getNotAfter().toInstant());
    }

    /** Negative once it has expired. */
    public double secondsToExpiry(Instant now) {
        return Duration.between(now, notAfter).toMillis() / 1000.0;
    }
}
