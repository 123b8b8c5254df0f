package dev.pgstate.agent.cli;

import dev.pgstate.agent.saved.SavedPlan;
import dev.pgstate.model.Specs;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.PlanBasis;
import dev.pgstate.reconcilers.facade.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code agent apply}: makes the server match the spec under the cluster-wide lock, then checks that it does; or,
 * given a plan file {@code plan --out} saved, carries out exactly that plan, refusing (exit 1, nothing applied) when
 * the spec, the server or the plan made now is no longer the one saved. The report goes to stdout; a failure also
 * ends with one {@code error:} line on stderr and exit 1; success with a manual action still needed exits 4.
 */
@Command(name = "apply", description = "Make the server match the spec (or carry out a saved plan), then check that "
        + "it does.")
final class ApplyCommand extends Verb {

    /** A spec to plan now, or a plan saved before. */
    static final class Source {
        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The spec file (YAML).")
        Path spec;

        @Parameters(paramLabel = "PLANFILE", description = "A plan saved by `agent plan --out PLANFILE`: apply "
                + "exactly it, or refuse when what it was made from moved.")
        Path planFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    ConfigOption config;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    FormatOption format;

    @Mixin
    StateDirectoryOption state;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for another agent applying to the same server (default: ${DEFAULT-VALUE}).")
    long lockTimeoutSeconds;

    @Option(names = "--allow-lockout",
            description = "Apply pg_hba.conf rules that would lock out the agent or a must_keep connection, and "
                    + "changes to the agent's own role that would stop its login.")
    boolean allowLockout;

    @Override
    public Integer call() throws Exception {
        if (lockTimeoutSeconds < 0) {
            throw new ParameterException(command.commandLine(), "--lock-timeout must be 0 or more seconds");
        }
        Specs.ContentCheck check = config.contentCheck();
        SpecOnServer.Target target;
        Engine engine;
        Consumer<PlanBasis> guard;
        if (source.planFile == null) {
            engine = state.engine(agent);
            target = SpecOnServer.Target.of(SpecOption.read(source.spec, check, engine.keptSpec()), connection, agent);
            guard = basis -> { };
        } else {
            SavedPlans saved = new SavedPlans(state.savedPlanDirectory(agent.env()));
            SavedPlan plan = saved.read(source.planFile);
            target = SpecOnServer.Target.of(saved.spec(plan, source.planFile, check), connection, agent);
            engine = agent.engine().remembering(saved.directory());
            guard = saved.guard(plan, source.planFile, target.spec(), check);
        }
        SpecLintErrors.show(engine.specFindings(target.server(), target.loaded()), format.json(),
                command.commandLine());
        ConvergeResult result = engine.apply(target.server(), target.spec(), Duration.ofSeconds(lockTimeoutSeconds),
                allowLockout, guard);
        stdout().print(format.json()
                ? new JsonApplyReport().render(result) : new TextApplyReport().render(result));
        if (!result.succeeded()) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, TextApplyReport.errorLine(result));
        }
        return ExitCode.orManualAction(result.plan()).code();
    }
}
