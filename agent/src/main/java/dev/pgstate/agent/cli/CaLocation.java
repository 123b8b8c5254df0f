package dev.pgstate.agent.cli;

import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the commands that work with the agent's CA outside an apply find it: through the spec's tls section (the
 * adopted CA, or the one apply created in its state_directory), or in a state directory given as such. A spec is
 * read as apply reads it: a box that accepts only signed specs takes its CA's location from no other.
 */
final class CaLocation {

    @Option(names = "--spec", paramLabel = "FILE", description = "Use the CA of this spec's tls section: the adopted "
            + "one, or the one apply created in its state_directory.")
    Path specFile;

    @Option(names = "--state-directory", paramLabel = "DIR", description = "Without --spec: the agent's state "
            + "directory, where apply keeps a created CA (default: " + TlsSpec.DEFAULT_STATE_DIRECTORY + ").")
    Path stateDirectory;

    @Option(names = "--config", paramLabel = "FILE", description = "With --spec: this box's agent configuration, "
            + "whose trust.spec_signers the spec must be signed by (default: /etc/pgstate/agent.yaml when it exists).")
    Path config;

    /** The CA with the store keeping what it issued. */
    record Opened(CaStore store, CertificateAuthority ca) {
    }

    /** @throws dev.pgstate.reconcilers.kind.tls.TlsMaterialException when there is no CA there yet */
    Opened open() {
        Optional<TlsSpec> tls = tls();
        CaStore store = new CaStore(tls.map(t -> Path.of(t.stateDirectory()))
                .orElse(stateDirectory != null ? stateDirectory : Path.of(TlsSpec.DEFAULT_STATE_DIRECTORY)));
        return new Opened(store, tls.map(t -> store.existing(t.ca())).orElseGet(store::read));
    }

    private Optional<TlsSpec> tls() {
        if (specFile == null) {
            return Optional.empty();
        }
        if (stateDirectory != null) {
            throw new AgentException(ExitCode.USAGE, "--spec and --state-directory both say where the CA is: "
                    + "give one (the spec's tls.state_directory is the state directory)");
        }
        TlsSpec tls = SpecOption.read(specFile, SpecOption.contentCheck(config)).spec().tls();
        if (tls == null || tls.ca() == null) {
            throw new AgentException(ExitCode.USAGE, "the spec " + specFile + " has no tls.ca to issue from");
        }
        return Optional.of(tls);
    }
}
