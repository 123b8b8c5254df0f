package dev.pgstate.agent.cli;

import dev.pgstate.model.load.LoadedSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;

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

    @ParentCommand
    AgentCommand agent;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() {
        LoadedSpec loaded = specFile.loadWithSource();
        return output.print(agent.engine().lint(loaded), "spec " + specFile.file,
                command.commandLine().getOut());
    }
}
