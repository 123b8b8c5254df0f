package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.facade.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agent issue-client-cert}: a client certificate from the agent's CA for a database user, for pg_hba.conf's
 * {@code cert} method or {@code clientcert=verify-full}, which take the user from the certificate's CN.
 */
@Command(name = "issue-client-cert",
        description = "Issue a client certificate (CN = the database user) and its key from the agent's CA, for "
                + "mutual TLS. Writes USER.crt, USER.key (PEM, for libpq), USER.pk8 (PKCS#8 DER, for pgjdbc) and "
                + "root.crt into the output directory; keys are mode 0600.")
final class IssueClientCertCommand extends Verb {

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The database user.")
    String user;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the files are written.")
    Path out;

    @Mixin
    CaLocation location;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "How many days the certificate is valid (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
        if (user.isBlank()) {
            throw new AgentException(ExitCode.USAGE, "--user must name a database user");
        }
        if (days < 1) {
            throw new AgentException(ExitCode.USAGE, "--days must be at least 1, found " + days);
        }
        try {
            Engine.IssuedCertificate files = agent.engine().issueClientCertificate(location.tls(),
                    location.stateDirectory(), user, days, out);
            stdout().printf("issued a client certificate for \"%s\", valid until %s:%n"
                            + "  %s%n  %s (PEM, libpq's sslkey)%n  %s (PKCS#8 DER, pgjdbc's sslkey)%n  %s (sslrootcert)%n",
                    user, LocalDate.ofInstant(files.notAfter(), ZoneOffset.UTC),
                    files.certificate(), files.pemKey(), files.pkcs8Key(), files.root());
            return ExitCode.OK.code();
        } catch (IOException e) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, "cannot write to " + out + ": " + e.getMessage(), e);
        }
    }
}
