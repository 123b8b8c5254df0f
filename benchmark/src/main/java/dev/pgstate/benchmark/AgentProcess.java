package dev.pgstate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the agent's CLI jar as a user would, in a new JVM with the launcher's settings, so the wall time
 * includes JVM start-up; optionally with an AppCDS archive trained on the same command.
 */
final class AgentProcess {

    /** The JVM options bin/agent uses by default. */
    static final List<String> LAUNCHER_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private final Path agentJar;
    private final Path workDir;

    AgentProcess(Path agentJar, Path workDir) {
        this.agentJar = agentJar;
        this.workDir = workDir;
    }

    /** What one run took and how much memory it held at most. */
    record Run(double wallMs, long peakRssKb) {
    }

    Run run(List<String> jvmOptions, List<String> agentArgs, int expectedExit) throws IOException, InterruptedException {
        Path rss = workDir.resolve("rss.txt");
        List<String> command = new ArrayList<>();
        boolean measureRss = Files.isExecutable(GNU_TIME);
        if (measureRss) {
            command.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAUNCHER_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", agentJar.toString()));
        command.addAll(agentArgs);
        Path output = workDir.resolve("agent-output.txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        double wallMs = (System.nanoTime() - start) / 1e6;
        if (exit != expectedExit) {
            throw new IllegalStateException("agent " + agentArgs.get(0) + " exited " + exit + ", expected "
                    + expectedExit + ":\n" + Files.readString(output));
        }
        long peakRssKb = measureRss ? Long.parseLong(Files.readString(rss).strip()) : 0;
        return new Run(wallMs, peakRssKb);
    }

    /** Trains a class-data-sharing archive on one run of {@code agentArgs}; returns the options that use it. */
    List<String> trainCds(List<String> agentArgs, int expectedExit) throws IOException, InterruptedException {
        Path archive = workDir.resolve("agent-cds.jsa");
        Files.deleteIfExists(archive);
        run(List.of("-XX:ArchiveClassesAtExit=" + archive), agentArgs, expectedExit);
        return List.of("-XX:SharedArchiveFile=" + archive);
    }
}
