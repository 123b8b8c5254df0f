package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
     * Runs the agent in a new JVM on this test's class path, as the launcher does with the jar (its stdout and stderr
     * in files in {@code dir}): what reaches them before the process exits, and what differs between processes
     * (the iteration order of immutable maps is salted per JVM).
     */
    static AgentRun inOwnJvm(Path dir, List<String> args) throws IOException, InterruptedException {
        return inNewJvm(dir, List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()), args);
    }

    /**
     * Runs the agent's jar as this build packaged it ({@code java -jar}, so with its manifest's openings), as
     * {@link #inOwnJvm} runs the classes. The build packages the jar before it runs the integration tests.
     */
    static AgentRun fromJar(Path dir, List<String> args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "pgstate-agent.jar").toAbsolutePath();
        assertThat(jar).as("packaged before the integration tests").isRegularFile();
        return inNewJvm(dir, List.of("-jar", jar.toString()), args);
    }

    private static AgentRun inNewJvm(Path dir, List<String> agent, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(agent);
        command.addAll(args);
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the agent exited").isTrue();
        return new AgentRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
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
