package dev.pgstate.agent.cli;

import dev.pgstate.agent.saved.SpecDigest;
import dev.pgstate.reconcilers.converge.PlanBasis;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.render.JsonPlanRenderer;
import dev.pgstate.reconcilers.render.TextPlanRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agent plan}: what apply would change, without changing anything. Exits 2 when changes are pending or the
 * spec's unmanaged policy calls an unmanaged object drift; otherwise 4 when a manual action is needed (apply would
 * not do anything about it, but a CI gate must not pass it as in order); merely reported unmanaged objects do not
 * count.
 */
@Command(name = "plan", description = "Show what apply would change on the server, without changing it.")
final class PlanCommand extends Verb {

    @Mixin
    SpecOnServer server;

    @Mixin
    FormatOption format;

    @Mixin
    StateDirectoryOption state;

    @Option(names = "--out", paramLabel = "PLANFILE", description = "Also save the plan to PLANFILE, with what it "
            + "was made from, for `agent apply PLANFILE` to carry out exactly (needs a state directory: its key "
            + "seals the file).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Optional<SavedPlans> saving = out == null ? Optional.empty()
                : Optional.of(new SavedPlans(state.savedPlanDirectory(agent.env())));
        Engine engine = saving.map(saved -> agent.engine().remembering(saved.directory()))
                .orElseGet(() -> state.engine(agent));
        SpecDigest specDigest = new SpecDigest();
        SpecOnServer.Target target = saving.isPresent() ? server.resolve(agent, specDigest, engine.keptSpec())
                : server.resolve(agent, engine.keptSpec());
        List<PlanBasis> basis = new ArrayList<>(1);
        Engine.CheckedPlan checked = engine.checkedPlan(target.server(), target.loaded(), basis::add);
        SpecLintErrors.show(checked.specFindings(), format.json(), command.commandLine());
        Plan plan = checked.plan();
        stdout().print(format.json()
                ? new JsonPlanRenderer().render(plan) : new TextPlanRenderer().render(plan));
        if (saving.isPresent()) {
            saving.get().save(out, server.specFile.file, specDigest.sha256(), target.spec(), basis.get(0));
            (format.json() ? stderr() : stdout())
                    .printf("%nSaved the plan to %s. To apply exactly this plan: agent apply %s%n", out, out);
        }
        boolean pending = plan.hasChanges() || !plan.drift().isEmpty();
        return (pending ? ExitCode.CHANGES_PENDING : ExitCode.orManualAction(plan)).code();
    }
}
