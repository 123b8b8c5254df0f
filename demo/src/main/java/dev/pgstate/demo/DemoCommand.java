package dev.pgstate.demo;

import dev.pgstate.agent.cli.AgentCommand;
import dev.pgstate.agent.cli.AgentException;
import dev.pgstate.agent.cli.ExitCode;
import dev.pgstate.testkit.PgCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code agent demo}: plan, apply, drift and healing of the Identity Box example, against a throwaway
 * PostgreSQL 18 that is deleted afterwards. Nothing outside it is touched.
 */
@Command(name = "demo", description = "Walk through plan, apply, drift and healing against a throwaway PostgreSQL 18.")
public final class DemoCommand implements Callable<Integer> {

    static final String DRIFT = "ALTER ROLE admin CREATEROLE";
    /** The only PostgreSQL binaries the demo jar ships. */
    static final int MAJOR = 18;

    @Option(names = "--spec", paramLabel = "FILE", defaultValue = "config-examples/identity-box.yaml",
            description = "The spec to walk through (default: ${DEFAULT-VALUE}, relative to the working directory).")
    Path specFile;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @ParentCommand
    AgentCommand agent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(specFile)) {
            throw new AgentException(ExitCode.USAGE, "spec file " + specFile.toAbsolutePath() + " not found; run the "
                    + "demo from the repository root or pass --spec FILE");
        }
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        String spec = specFile.toString();
        out.println("Starting a throwaway PostgreSQL " + MAJOR + " (deleted when the demo ends)...");
        out.flush();
        // Closing stops and deletes it; on Ctrl-C or a kill the testkit's own shutdown hook does the same,
        // including for a cluster still starting, since the server runs detached and would outlive the JVM.
        try (PgCluster server = PgCluster.start(MAJOR)) {
            out.println("PostgreSQL " + server.fullVersion() + " is listening on 127.0.0.1:" + server.port() + ".");
            AgentSteps steps = new AgentSteps(out, err, agent.env(), server, 7);
            steps.agent("plan against the fresh server: everything is to be created", ExitCode.CHANGES_PENDING,
                    "plan", "--spec", spec);
            steps.agent("apply", ExitCode.OK, "apply", "--spec", spec);
            steps.agent("plan again: nothing left to do", ExitCode.OK, "plan", "--spec", spec);
            steps.outOfBand("someone changes the server by hand", DRIFT);
            steps.agent("plan finds the drift", ExitCode.CHANGES_PENDING, "plan", "--spec", spec);
            steps.agent("apply heals it", ExitCode.OK, "apply", "--spec", spec);
            steps.agent("plan: the server matches the spec again", ExitCode.OK, "plan", "--spec", spec);
            out.println();
            out.println("Demo complete; stopping and deleting the throwaway server.");
        }
        return ExitCode.OK.code();
    }
}
