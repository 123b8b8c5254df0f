package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.facade.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agent revoke-client-cert}: client certificates the agent's CA issued join its CRL, which the tls section
 * installs as ssl_crl_file ({@code crl: {issue: true}}) at the next apply or daemon cycle.
 */
@Command(name = "revoke-client-cert",
        description = "Revoke client certificates the agent's CA issued (every one of a user, or one by serial): they "
                + "join the CA's CRL, which the next apply (or daemon cycle) installs as ssl_crl_file when the spec's "
                + "tls section has crl: {issue: true}.")
final class RevokeClientCertCommand extends Verb {

    /** Which certificates: a user's, or one serial. */
    static final class Which {
        @Option(names = "--user", required = true, paramLabel = "USER",
                description = "Revoke every certificate issued to this database user.")
        String user;

        @Option(names = "--serial", required = true, paramLabel = "HEX",
                description = "Revoke the certificate with this serial number (hex, as openssl x509 -serial prints it).")
        String serial;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Mixin
    CaLocation location;

    @Override
    public Integer call() {
        BigInteger serial = which.user != null ? null : serial(which.serial);
        try {
            Engine engine = agent.engine();
            Engine.Revocation revocation = which.user != null
                    ? engine.revokeClientCertificatesOf(location.tls(), location.stateDirectory(), which.user)
                    : engine.revokeClientCertificate(location.tls(), location.stateDirectory(), serial);
            if (revocation.revoked().isEmpty()) {
                throw new AgentException(ExitCode.RUNTIME_ERROR, "no certificate " + (which.user != null
                        ? "issued to \"" + which.user + "\"" : "with serial " + which.serial) + " is recorded in "
                        + revocation.issuedDirectory() + ": revoked already, or issued elsewhere");
            }
            PrintWriter out = stdout();
            revocation.revoked().forEach(certificate -> out.printf("revoked %s, serial %s, valid until %s%n",
                    certificate.getSubjectX500Principal().getName(),
                    certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                    LocalDate.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC)));
            out.printf("The CRL %s lists the revoked; the next apply (or daemon cycle) installs it as ssl_crl_file when the "
                    + "spec's tls section has crl: {issue: true}.%n", String.join(" and ",
                    revocation.crlFiles().stream().map(Path::toString).toList()));
            return ExitCode.OK.code();
        } catch (IOException e) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, "cannot revoke: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial(String written) {
        try {
            return new BigInteger(written.replace(":", "").replaceFirst("^0[xX]", ""), 16);
        } catch (NumberFormatException e) {
            throw new AgentException(ExitCode.USAGE, "--serial: not a hexadecimal serial number: " + written);
        }
    }
}
