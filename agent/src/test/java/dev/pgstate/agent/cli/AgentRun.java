package dev.pgstate.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.pgstate.testkit.PgCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** One run of the agent's command line with captured stdout and stderr, as a user would see it. */
record AgentRun(int exitCode, String out, String err) {

    /** Runs with an empty environment, so PG* variables of the machine running the tests cannot leak in. */
    static AgentRun agent(String... args) {
        return agent(Map.of(), args);
    }

    /** Runs {@code args} against {@code pg}, connecting the way the docs tell users to: libpq flags over TCP. */
    static AgentRun agentOn(PgCluster pg, String... args) {
        return agent(onServer(pg, args));
    }

    /** {@code args} followed by the libpq flags that reach {@code pg} over TCP as its superuser. */
    static String[] onServer(PgCluster pg, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(pg.port()), "--user", pg.superuser(),
                "--dbname", "postgres"));
        return all.toArray(String[]::new);
    }

    static AgentRun agent(Map<String, String> env, String... args) {
        return run(Main.commandLine(env), args);
    }

    /**
     * Runs {@code args} on a command line that may have run before: picocli resets every option first, as a caller
     * running many commands in one process relies on.
     */
    static AgentRun run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new AgentRun(exitCode, out.toString(), err.toString());
    }
}
