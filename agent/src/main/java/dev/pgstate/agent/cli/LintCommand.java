package dev.pgstate.agent.cli;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.reconcilers.lint.Linter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** {@code agent lint}: the security rules over a spec file, offline. */
@Command(name = "lint", description = "Check a spec against the security rules (trust, weak methods, TLS, "
        + "superusers, shadowed pg_hba.conf rules, ...) without connecting to a server. Exits 1 on errors.")
final class LintCommand implements Callable<Integer> {

    @Mixin
    SpecOption specFile;

    @Mixin
    LintOutput output;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() {
        LoadedSpec loaded = specFile.loadWithSource();
        return output.print(Linter.lint(loaded, Instant.now()), "spec " + specFile.file,
                command.commandLine().getOut());
    }
}
