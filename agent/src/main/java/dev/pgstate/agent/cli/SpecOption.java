package dev.pgstate.agent.cli;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --spec FILE}, and loading it: parsed and validated, or every problem in it (exit 65). */
final class SpecOption {

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The spec file (YAML).")
    Path file;

    Spec load() {
        return loadWithSource().spec();
    }

    /** The spec with where each field was written, for findings that point at its lines. */
    LoadedSpec loadWithSource() {
        return read(file);
    }

    /** For a command whose {@code --spec} is optional. */
    static LoadedSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AgentException(ExitCode.USAGE, "spec file " + file + " does not exist or is not a file");
        }
        return Specs.read(file);
    }
}
