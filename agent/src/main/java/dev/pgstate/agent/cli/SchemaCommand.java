package dev.pgstate.agent.cli;

import dev.pgstate.model.load.SpecSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** {@code agent schema}: the spec's JSON Schema, for editors and for CI that checks specs without Java. */
@Command(name = "schema", description = "Print the JSON Schema (draft-07) of the spec; the package also installs it "
        + "as /usr/share/pgstate/spec.schema.json.")
final class SchemaCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() {
        command.commandLine().getOut().print(SpecSchema.text());
        return ExitCode.OK.code();
    }
}
