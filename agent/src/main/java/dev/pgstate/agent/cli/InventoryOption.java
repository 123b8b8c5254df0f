package dev.pgstate.agent.cli;

import dev.pgstate.agent.fleet.Inventory;
import dev.pgstate.agent.fleet.InventoryLoader;
import dev.pgstate.agent.fleet.SpecTemplate;
import dev.pgstate.model.Specs;
import dev.pgstate.model.files.FileTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --inventory FILE} and {@code --spec FILE} of the fleet verbs: the boxes, and the spec they get. */
final class InventoryOption {

    @Option(names = "--inventory", required = true, paramLabel = "FILE",
            description = "The inventory of boxes (YAML), readable by its owner only.")
    Path inventory;

    @Option(names = "--spec", required = true, paramLabel = "FILE",
            description = "The spec file (YAML); ${box.KEY} stands for the box's variable KEY.")
    Path spec;

    Inventory loadInventory() {
        return new InventoryLoader(FileTrust.ofThisProcess()).load(existing(inventory, "inventory"));
    }

    SpecTemplate loadSpec() {
        return loadSpec(Specs.ContentCheck.NONE);
    }

    /** @param check what the spec file's bytes must pass first (its signature) */
    SpecTemplate loadSpec(Specs.ContentCheck check) {
        return SpecTemplate.read(existing(spec, "spec"), FileTrust.ofThisProcess(), check);
    }

    private static Path existing(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new AgentException(ExitCode.USAGE, what + " file " + file + " does not exist or is not a file");
        }
        return file;
    }
}
