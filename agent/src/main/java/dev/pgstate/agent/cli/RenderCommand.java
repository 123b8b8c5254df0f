package dev.pgstate.agent.cli;

import dev.pgstate.agent.fleet.Box;
import dev.pgstate.agent.fleet.Inventory;
import dev.pgstate.agent.fleet.SpecTemplate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent render}: the spec one box of the inventory gets from {@code push}, with its variables put in. */
@Command(name = "render", description = "Print the spec a box of the inventory gets from push, its variables put in.")
final class RenderCommand extends Verb {

    @Mixin
    InventoryOption files;

    @Option(names = "--box", required = true, paramLabel = "NAME", description = "The box, by its inventory name.")
    String boxName;

    @Override
    public Integer call() {
        Inventory inventory = files.loadInventory();
        Box box = inventory.box(boxName).orElseThrow(() -> new AgentException(ExitCode.USAGE,
                "no box named " + boxName + " in " + inventory.file()));
        SpecTemplate template = files.loadSpec();
        String rendered = template.render(box);
        template.unusedVariables(List.of(box))
                .forEach(warning -> stderr().println("warning: " + warning));
        stdout().print(rendered);
        return ExitCode.OK.code();
    }
}
