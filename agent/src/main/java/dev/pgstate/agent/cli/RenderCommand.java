package dev.pgstate.agent.cli;

import dev.pgstate.agent.fleet.Box;
import dev.pgstate.agent.fleet.Inventory;
import dev.pgstate.agent.fleet.SpecTemplate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code agent render}: the spec one box of the inventory gets from {@code push}, with its variables put in. */
@Command(name = "render", description = "Print the spec a box of the inventory gets from push, its variables put in.")
final class RenderCommand implements Callable<Integer> {

    @Mixin
    InventoryOption files;

    @Option(names = "--box", required = true, paramLabel = "NAME", description = "The box, by its inventory name.")
    String boxName;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() {
        Inventory inventory = files.loadInventory();
        Box box = inventory.box(boxName).orElseThrow(() -> new AgentException(ExitCode.USAGE,
                "no box named " + boxName + " in " + inventory.file()));
        SpecTemplate template = files.loadSpec();
        String rendered = template.render(box);
        template.unusedVariables(List.of(box))
                .forEach(warning -> command.commandLine().getErr().println("warning: " + warning));
        command.commandLine().getOut().print(rendered);
        return ExitCode.OK.code();
    }
}
