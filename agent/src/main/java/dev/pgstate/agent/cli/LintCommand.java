package dev.pgstate.agent.cli;

import dev.pgstate.model.load.LoadedSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code agent lint}: the security rules over a spec file, offline. */
@Command(name = "lint", description = "Check a spec against the security rules (trust, weak methods, TLS, "
        + "superusers, shadowed pg_hba.conf rules, ...) without connecting to a server. Exits 1 on errors.")
final class LintCommand extends Verb {

    @Mixin
    SpecOption specFile;

    @Mixin
    LintOutput output;

    @Override
    public Integer call() {
        LoadedSpec loaded = specFile.loadWithSource();
        return output.print(agent.engine().lint(loaded), "spec " + specFile.file,
                stdout());
    }
}
