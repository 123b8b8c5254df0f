package dev.pgstate.agent.cli;

import dev.pgstate.model.spec.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code agent validate}: checks a spec file without connecting to any server. */
@Command(name = "validate", description = "Check a spec file for problems, without connecting to a server.")
final class ValidateCommand extends Verb {

    @Mixin
    SpecOption specFile;

    @Override
    public Integer call() {
        Spec spec = specFile.load();
        stdout().printf("spec %s is valid: %s, %s%n", specFile.file,
                Counts.of(spec.roles().size(), "role"), Counts.of(spec.databases().size(), "database"));
        return ExitCode.OK.code();
    }
}
