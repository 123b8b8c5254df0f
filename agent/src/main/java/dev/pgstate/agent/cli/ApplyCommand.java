package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.facade.Engine;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent apply}: makes the server match the spec under the cluster-wide lock, then checks that it does.
 * The report goes to stdout; a failure also ends with one {@code error:} line on stderr and exit 1; success with a
 * manual action still needed exits 4.
 */
@Command(name = "apply", description = "Make the server match the spec, then check that it does.")
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    SpecOnServer server;

    @Mixin
    FormatOption format;

    @Mixin
    StateDirectoryOption state;

    @Mixin
    CommonOptions common;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for another agent applying to the same server (default: ${DEFAULT-VALUE}).")
    long lockTimeoutSeconds;

    @Option(names = "--allow-lockout",
            description = "Apply pg_hba.conf rules that would lock out the agent or a must_keep connection, and "
                    + "changes to the agent's own role that would stop its login.")
    boolean allowLockout;

    @ParentCommand
    AgentCommand agent;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (lockTimeoutSeconds < 0) {
            throw new ParameterException(command.commandLine(), "--lock-timeout must be 0 or more seconds");
        }
        SpecOnServer.Target target = server.resolve(agent);
        Engine engine = state.engine(agent);
        SpecLintErrors.show(engine.specFindings(target.server(), target.loaded()), format.json(),
                command.commandLine());
        ConvergeResult result = engine.apply(target.server(), target.spec(), Duration.ofSeconds(lockTimeoutSeconds),
                allowLockout);
        command.commandLine().getOut().print(format.json()
                ? new JsonApplyReport().render(result) : new TextApplyReport().render(result));
        if (!result.succeeded()) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, TextApplyReport.errorLine(result));
        }
        return ExitCode.orManualAction(result.plan()).code();
    }
}
