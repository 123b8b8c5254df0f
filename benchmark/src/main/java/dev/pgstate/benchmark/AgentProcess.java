package dev.pgstate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the agent as a user does: the package's launcher script starting the agent jar in a new JVM, so the wall time
 * includes JVM start-up and the launcher's JVM options and class data sharing. The launcher's cache is a directory
 * of the benchmark's own, so every run starts without an archive until {@link #recordArchive} makes one; so is the
 * state directory where plan and apply remember their password checks ({@code $XDG_STATE_HOME}).
 */
final class AgentProcess {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private final Path launcher;
    private final Path agentJar;
    private final Path workDir;
    private final Path cacheHome;
    private final Path stateHome;

    AgentProcess(Path launcher, Path agentJar, Path workDir) {
        this.launcher = launcher;
        this.agentJar = agentJar;
        this.workDir = workDir;
        this.cacheHome = workDir.resolve("cache");
        this.stateHome = workDir.resolve("state");
    }

    /** What one run took, wall and CPU (user and system, 0 without GNU time), and how much memory it held at most. */
    record Run(double wallMs, double cpuMs, long peakRssKb) {
    }

    /** Whether the launcher may use (and record) a class data sharing archive. */
    enum Cds { ON, OFF }

    /** The JIT the agent runs with: the launcher's choice for the command, or the other one, forced. */
    enum Jit {
        LAUNCHER(null),
        C1_ONLY("-Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
        TIERED("-Xmx64m -Xss512k -XX:+UseSerialGC -XX:+TieredCompilation");

        private final String javaOpts;

        Jit(String javaOpts) {
            this.javaOpts = javaOpts;
        }
    }

    Run run(Cds cds, List<String> agentArgs, int expectedExit) throws IOException, InterruptedException {
        return run(cds, Jit.LAUNCHER, agentArgs, expectedExit);
    }

    Run run(Cds cds, Jit jit, List<String> agentArgs, int expectedExit) throws IOException, InterruptedException {
        Path rss = workDir.resolve("rss.txt");
        List<String> command = new ArrayList<>();
        boolean measureRss = Files.isExecutable(GNU_TIME);
        if (measureRss) {
            command.addAll(List.of(GNU_TIME.toString(), "-f", "%M %U %S", "-o", rss.toString()));
        }
        command.add(launcher.toString());
        command.addAll(agentArgs);
        Path output = workDir.resolve("agent-output.txt");
        long start = System.nanoTime();
        ProcessBuilder builder = builder(command, cds);
        if (jit.javaOpts != null) {
            builder.environment().put("JAVA_OPTS", jit.javaOpts);
        }
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        double wallMs = (System.nanoTime() - start) / 1e6;
        if (exit != expectedExit) {
            throw new IllegalStateException("agent " + agentArgs.get(0) + " exited " + exit + ", expected "
                    + expectedExit + ":\n" + Files.readString(output));
        }
        if (!measureRss) {
            return new Run(wallMs, 0, 0);
        }
        List<String> lines = Files.readAllLines(rss); // GNU time's own line is the last
        String[] figures = lines.get(lines.size() - 1).strip().split(" ");
        return new Run(wallMs, (Double.parseDouble(figures[1]) + Double.parseDouble(figures[2])) * 1000,
                Long.parseLong(figures[0]));
    }

    /**
     * {@code agentArgs} (a plan or apply) with the class data sharing archive and a state directory of their own, new
     * and empty, so the run remembers no password check: one PBKDF2 per password, as a first plan or apply.
     */
    Run runCold(Jit jit, List<String> agentArgs, int expectedExit) throws IOException, InterruptedException {
        return run(Cds.ON, jit, withNewStateDirectory(agentArgs, "cold-state"), expectedExit);
    }

    /** {@code agentArgs} with a state directory of their own: new, empty, private (0700), named after {@code name}. */
    List<String> withNewStateDirectory(List<String> agentArgs, String name) throws IOException {
        List<String> args = new ArrayList<>(agentArgs);
        args.addAll(List.of("--state-directory", Files.createTempDirectory(workDir, name).toString()));
        return args;
    }

    /** One run of the agent through the launcher. */
    interface CliRun {
        Run run() throws Exception;
    }

    /** The median wall time and the median CPU time (the process's, from GNU time) of {@code runs} runs. */
    static Timing.WallAndCpu median(int runs, CliRun run) throws Exception {
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            measured.add(run.run());
        }
        return median(measured);
    }

    /** The medians of two commands, each measured {@code runs} times. */
    record Alternating(Timing.WallAndCpu first, Timing.WallAndCpu second) {
    }

    /**
     * {@link #median} of {@code first} and of {@code second}, run in turn ({@code first}, {@code second},
     * {@code first}…), so that a machine whose speed drifts over minutes slows both alike and their ratio holds.
     */
    static Alternating alternating(int runs, CliRun first, CliRun second) throws Exception {
        List<Run> firsts = new ArrayList<>();
        List<Run> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            firsts.add(first.run());
            seconds.add(second.run());
        }
        return new Alternating(median(firsts), median(seconds));
    }

    private static Timing.WallAndCpu median(List<Run> runs) {
        List<Double> walls = new ArrayList<>(runs.stream().map(Run::wallMs).toList());
        List<Double> cpus = new ArrayList<>(runs.stream().map(Run::cpuMs).toList());
        Collections.sort(walls);
        Collections.sort(cpus);
        return new Timing.WallAndCpu(walls.get(runs.size() / 2), cpus.get(runs.size() / 2));
    }

    /** Starts {@code agentArgs} (the daemon) without waiting for it; its output goes to {@code output}. */
    Process start(List<String> agentArgs, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(agentArgs);
        return builder(command, Cds.ON).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Lets the launcher record its class data sharing archive on one run of {@code agentArgs}. */
    void recordArchive(List<String> agentArgs, int expectedExit) throws IOException, InterruptedException {
        for (Path archive : archives()) {
            Files.delete(archive); // one of a smaller spec's run
        }
        run(Cds.ON, agentArgs, expectedExit);
        if (archives().isEmpty()) {
            throw new IllegalStateException("the launcher recorded no class data sharing archive in " + cacheHome);
        }
    }

    private List<Path> archives() throws IOException {
        Path dir = cacheHome.resolve("pgstate");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".jsa")).toList();
        }
    }

    /** The JVM options the launcher starts the agent with, from its own text. */
    String launcherOptions() throws IOException {
        List<String> lines = Files.readAllLines(launcher);
        String options = lines.stream().filter(line -> line.startsWith("jvm_options=\"${JAVA_OPTS:-")).findFirst()
                .map(line -> line.substring(line.indexOf(":-") + 2, line.indexOf('}'))).orElse("unknown");
        return options.replace(" $jit", "") + "; -XX:TieredStopAtLevel=1, or tiered with C2 kept for the PBKDF2"
                + " loop for a plan or apply with no password checks remembered of a spec that mentions passwords";
    }

    private ProcessBuilder builder(List<String> command, Cds cds) throws IOException {
        Files.createDirectories(cacheHome);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_OPTS");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PGSTATE_JAR", agentJar.toString());
        env.put("XDG_CACHE_HOME", cacheHome.toString());
        env.put("XDG_STATE_HOME", stateHome.toString());
        env.put("PGSTATE_CDS", cds == Cds.ON ? "on" : "off");
        return builder;
    }
}
