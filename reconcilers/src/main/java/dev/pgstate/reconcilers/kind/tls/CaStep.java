package dev.pgstate.reconcilers.kind.tls;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A step of a CA rotation, as the plan shows it: the CAs the server trusts before and after, and why.
 *
 * @param before the CA (and any it still trusts beside it) before the step
 * @param after  the same after it
 */
public record CaStep(String before, String after, String reason) {

    /** A new CA takes over; the old one stays trusted, and vouches for the new one, until {@code retiring} retires. */
    static CaStep rotated(CertificateAuthority old, CertificateAuthority successor, CaStore.Retiring retiring) {
        return new CaStep(name(old), name(successor) + ", beside " + name(old) + " until " + date(retiring),
                "tls.ca names another CA: a rotation starts, and the old CA stays trusted until " + date(retiring));
    }

    /** The overlap has passed: only the new CA is trusted from now on. */
    static CaStep retired(CertificateAuthority current, CaStore.Retiring retiring) {
        return new CaStep(name(current) + ", beside " + name(retiring.ca()) + " until " + date(retiring),
                name(current), "the rotation's overlap ended on " + date(retiring) + ": the old CA is retired");
    }

    private static String name(CertificateAuthority ca) {
        return "CN=" + CertificateAuthority.commonName(ca.certificate());
    }

    private static LocalDate date(CaStore.Retiring retiring) {
        return LocalDate.ofInstant(retiring.retireAfter(), ZoneOffset.UTC);
    }
}
