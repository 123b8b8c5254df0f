package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.Confirmation;
import dev.pgstate.reconcilers.core.apply.FileRun;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * After the reload or restart, the server serves the installed certificate: SHOW ssl says on even when a failed
 * reload left the server on its previous TLS context, and only a handshake shows which certificate it serves.
 *
 * @param installed  what it must serve
 * @param blamed     the change a mismatch fails: the TLS files, else the plan's first change
 * @param serverPort the port the server said it listens on before the apply, when the agent names none
 */
public record ServedCertificateCheck(Fingerprint installed, Change blamed, int serverPort) implements Confirmation {

    /** How long a reload may take to put the new certificate in front of clients. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    /** The check, when {@code plan} installs TLS files or sets a parameter {@code tls} sets; none otherwise. */
    static Optional<Confirmation> of(ResolvedTls tls, Plan plan, int serverPort) {
        Optional<Change> files = plan.changes().stream().filter(InstallTlsFiles.class::isInstance).findFirst();
        boolean settingChanged = plan.changes().stream()
                .anyMatch(change -> change.parameter().filter(tls.settings().keySet()::contains).isPresent());
        if (files.isEmpty() && !settingChanged) {
            return Optional.empty();
        }
        return Optional.of(new ServedCertificateCheck(Fingerprint.of(tls.certificate()),
                files.orElseGet(() -> plan.changes().get(0)), serverPort));
    }

    @Override
    public Optional<ApplyResult.Failure> confirm(FileRun run) {
        ProbeTarget target = ProbeTarget.of(run.server(), serverPort);
        try (Connection connection = run.server().connect()) {
            return new ServedCertificate(target.host(), target.port(), PATIENCE)
                    .mismatch(installed, connection, run.files().dataDirectory())
                    .map(message -> new ApplyResult.Failure(blamed, new LocalFault(message), ""));
        } catch (SQLException e) {
            return Optional.of(new ApplyResult.Failure(blamed, ServerError.of(e), ""));
        }
    }
}
