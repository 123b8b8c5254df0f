package dev.pgstate.agent.cli;

import dev.pgstate.agent.trust.AgentConfig;
import dev.pgstate.agent.trust.SignerKeys;
import dev.pgstate.model.Specs;
import dev.pgstate.model.files.FileTrust;
import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --spec FILE}, and loading it: parsed and validated, or every problem in it (exit 65); and {@code --config
 * FILE}, the box's agent configuration, whose {@code trust.spec_signers} a spec must be signed by.
 */
final class SpecOption {

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The spec file (YAML).")
    Path file;

    @Mixin
    ConfigOption config;

    Spec load() {
        return loadWithSource().spec();
    }

    /** The spec with where each field was written, for findings that point at its lines. */
    LoadedSpec loadWithSource() {
        return loadWithSource(contentCheck());
    }

    /** @param check what the agent configuration demands of the file, from {@link #contentCheck()} */
    LoadedSpec loadWithSource(Specs.ContentCheck check) {
        return read(file, check);
    }

    /** @param kept where the spec parsed before is kept, from the engine's state directory */
    LoadedSpec loadWithSource(Specs.ContentCheck check, Specs.Kept kept) {
        return read(file, check, kept);
    }

    /** For a command whose {@code --spec} is optional. */
    static LoadedSpec read(Path file, Specs.ContentCheck check) {
        return read(file, check, Specs.Kept.NOTHING);
    }

    /** Like {@link #read(Path, Specs.ContentCheck)}, the spec taken from {@code kept} when its bytes were parsed. */
    static LoadedSpec read(Path file, Specs.ContentCheck check, Specs.Kept kept) {
        if (!Files.isRegularFile(file)) {
            throw new AgentException(ExitCode.USAGE, "spec file " + file + " does not exist or is not a file");
        }
        return Specs.read(file, check, kept);
    }

    /**
     * What the spec file's bytes must pass, as the agent configuration says; the daemon checks every edit with it.
     * A configuration or a signer's key the agent may not use is exit 65, like a spec it may not obey.
     */
    Specs.ContentCheck contentCheck() {
        return config.contentCheck();
    }

    /** @param config the {@code --config} given, or null for the default configuration when it exists */
    static Specs.ContentCheck contentCheck(Path config) {
        Path configFile = config != null ? config : AgentConfig.DEFAULT_FILE;
        if (config == null && !Files.exists(configFile)) {
            return Specs.ContentCheck.NONE;
        }
        try {
            FileTrust trust = FileTrust.ofThisProcess();
            return AgentConfig.load(configFile, trust).specCheck(configFile, trust);
        } catch (AgentConfig.ConfigException | SignerKeys.KeyException e) {
            throw new AgentException(ExitCode.INVALID_SPEC, e.getMessage(), e);
        }
    }
}
