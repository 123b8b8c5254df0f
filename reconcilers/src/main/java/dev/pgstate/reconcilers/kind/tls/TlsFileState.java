package dev.pgstate.reconcilers.kind.tls;

import java.util.Objects;
import java.util.Optional;

/** One TLS file as the spec wants it, paired with what is installed at its path (empty: nothing is). */
public record TlsFileState(TlsFile desired, Optional<InstalledFile> installed) {

    public TlsFileState {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(installed, "installed");
    }
}
