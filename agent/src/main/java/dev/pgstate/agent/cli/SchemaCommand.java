package dev.pgstate.agent.cli;

import dev.pgstate.model.load.SpecSchema;
import picocli.CommandLine.Command;

/** {@code agent schema}: the spec's JSON Schema, for editors and for CI that checks specs without Java. */
@Command(name = "schema", description = "Print the JSON Schema (draft-07) of the spec; the package also installs it "
        + "as /usr/share/pgstate/spec.schema.json.")
final class SchemaCommand extends Verb {

    @Override
    public Integer call() {
        stdout().print(SpecSchema.text());
        return ExitCode.OK.code();
    }
}
