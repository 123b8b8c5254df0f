package dev.pgstate.demo;

import dev.pgstate.agent.cli.AgentException;
import dev.pgstate.agent.cli.ExitCode;
import dev.pgstate.agent.cli.Main;
import dev.pgstate.testkit.PgCluster;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Numbered demo steps. Agent steps run the real agent command line (same factory, same writers), so what the
 * demo shows is exactly what a user running {@code agent} gets; each must end with the exit code it announces.
 */
final class AgentSteps {

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final PgCluster server;
    private final int total;
    private int number;

    AgentSteps(PrintWriter out, PrintWriter err, Map<String, String> env, PgCluster server, int total) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.server = server;
        this.total = total;
    }

    /** Runs {@code agent <args>} against the throwaway server and checks its exit code. */
    void agent(String title, ExitCode expected, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                "--user", server.superuser(), "--dbname", "postgres"));
        heading(title + " (expect exit " + expected.code() + ")");
        out.println("$ agent " + String.join(" ", command));
        out.println();
        out.flush();
        CommandLine agent = Main.commandLine(env);
        agent.setOut(out);
        agent.setErr(err);
        int exit = agent.execute(command.toArray(String[]::new));
        out.println("[exit " + exit + "]");
        if (exit != expected.code()) {
            throw new AgentException(ExitCode.RUNTIME_ERROR, "demo step " + number + " (" + title + "): agent "
                    + args[0] + " exited " + exit + ", expected " + expected.code());
        }
    }

    /** Changes the server behind the agent's back, showing the SQL as a DBA would type it. */
    void outOfBand(String title, String sql) {
        heading(title);
        out.println("$ psql -c '" + sql + "'");
        server.execute(sql);
    }

    private void heading(String title) {
        number++;
        out.printf("%n=== Step %d of %d: %s%n%n", number, total, title);
        out.flush();
    }
}
