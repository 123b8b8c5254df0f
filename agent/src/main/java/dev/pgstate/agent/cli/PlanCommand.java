package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.render.JsonPlanRenderer;
import dev.pgstate.reconcilers.render.TextPlanRenderer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent plan}: what apply would change, without changing anything. Exits 2 when changes are pending or the
 * spec's unmanaged policy calls an unmanaged object drift; otherwise 4 when a manual action is needed (apply would
 * not do anything about it, but a CI gate must not pass it as in order); merely reported unmanaged objects do not
 * count.
 */
@Command(name = "plan", description = "Show what apply would change on the server, without changing it.")
final class PlanCommand implements Callable<Integer> {

    @Mixin
    SpecOnServer server;

    @Mixin
    FormatOption format;

    @Mixin
    StateDirectoryOption state;

    @Mixin
    CommonOptions common;

    @ParentCommand
    AgentCommand agent;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        SpecOnServer.Target target = server.resolve(agent);
        Engine.CheckedPlan checked = state.engine(agent).checkedPlan(target.server(), target.loaded());
        SpecLintErrors.show(checked.specFindings(), format.json(), command.commandLine());
        Plan plan = checked.plan();
        command.commandLine().getOut().print(format.json()
                ? new JsonPlanRenderer().render(plan) : new TextPlanRenderer().render(plan));
        boolean pending = plan.hasChanges() || !plan.drift().isEmpty();
        return (pending ? ExitCode.CHANGES_PENDING : ExitCode.orManualAction(plan)).code();
    }
}
