package dev.pgstate.agent.cli;

import dev.pgstate.model.Specs;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: the box's agent configuration, whose {@code trust.spec_signers} a spec must be signed by. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE", description = "This box's agent configuration: whose signatures "
            + "a spec must carry (default: /etc/pgstate/agent.yaml when it exists).")
    Path file;

    /** What the spec's bytes must pass, as the configuration says ({@link SpecOption#contentCheck(Path)}). */
    Specs.ContentCheck contentCheck() {
        return SpecOption.contentCheck(file);
    }
}
