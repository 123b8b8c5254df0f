package dev.pgstate.reconcilers.core.apply;

import java.util.Optional;

/**
 * A proof, after the reload or restart, that the server took up what the apply put in place, where its settings
 * alone cannot show it (a TLS context the server kept although SHOW ssl says on).
 */
@FunctionalInterface
public interface Confirmation {

    /** Empty when the server shows it took it up; otherwise the failure, blaming the change that needed it. */
    Optional<ApplyResult.Failure> confirm(FileRun run);
}
