package dev.pgstate.agent.daemon;

import dev.pgstate.agent.metrics.DaemonMetrics;
import dev.pgstate.model.Specs;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.facade.EngineSettings;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A {@link DaemonLoop} in its own thread against a test cluster, with a 1 s interval, its reports recorded, a
 * report file and metrics. Waits are polls with generous bounds: the build machine is small and shared.
 */
final class RunningDaemon implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Engine ENGINE = new Engine(EngineSettings.of(Map.of()));

    private final List<CycleReport> reports = new CopyOnWriteArrayList<>();
    private final Path specFile;
    private final ReportFile reportFile;
    private final DaemonMetrics metrics = new DaemonMetrics(Clock.systemUTC());
    private final DaemonLoop loop;
    private final Thread thread;

    private RunningDaemon(Path stateDir, Path specFile, Mode mode, Specs.ContentCheck specCheck) throws IOException {
        this.specFile = specFile;
        this.reportFile = ReportFile.in(stateDir);
        DaemonSettings settings = new DaemonSettings(specFile, INTERVAL, mode, Duration.ofSeconds(5), Duration.ofMillis(100),
                specCheck);
        loop = new DaemonLoop(settings, Specs.load(specFile, specCheck),
                spec -> ENGINE.server(ConnectionSettings.NONE, spec.connection()),
                ENGINE, List.of(new DriftLog(), reportFile, metrics, reports::add), Clock.systemUTC());
        thread = new Thread(loop, "daemon-under-test");
    }

    /** Starts the loop on {@code specYaml}, which gets a connection block for {@code pg} over TCP. */
    static RunningDaemon start(PgCluster pg, Path dir, Mode mode, String specYaml) {
        return start(pg, dir, mode, specYaml, Specs.ContentCheck.NONE);
    }

    /** Like {@link #start(PgCluster, Path, Mode, String)}, every version of the spec file passing {@code specCheck}. */
    static RunningDaemon start(PgCluster pg, Path dir, Mode mode, String specYaml, Specs.ContentCheck specCheck) {
        Path spec = dir.resolve("spec.yaml");
        write(spec, withConnection(pg, specYaml));
        RunningDaemon daemon;
        try {
            daemon = new RunningDaemon(dir.resolve("state"), spec, mode, specCheck);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon.thread.start();
        return daemon;
    }

    static String withConnection(PgCluster pg, String specYaml) {
        return "connection:\n  host: 127.0.0.1\n  port: " + pg.port() + "\n  user: " + pg.superuser()
                + "\n  database: postgres\n" + specYaml;
    }

    /** Replaces the spec file the way editors do: a new file renamed over the old one. */
    void replaceSpec(String yamlWithConnection) {
        Path temporary = specFile.resolveSibling("spec.yaml.new");
        write(temporary, yamlWithConnection);
        try {
            Files.move(temporary, specFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first report from now on that matches, waiting at most a minute. */
    CycleReport awaitCycle(String what, Predicate<CycleReport> matches) {
        return awaitCycle(reports.size(), what, matches);
    }

    /**
     * The first report of a cycle started after {@code since} that matches, even one that ended before this call:
     * on a busy machine a 1 s cycle can start and end while the test is still making its change.
     */
    CycleReport awaitCycleStartedAfter(Instant since, String what, Predicate<CycleReport> matches) {
        return awaitCycle(0, what, report -> report.startedAt().isAfter(since) && matches.test(report));
    }

    private CycleReport awaitCycle(int seen, String what, Predicate<CycleReport> matches) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = seen; i < reports.size(); i++) {
                if (matches.test(reports.get(i))) {
                    return reports.get(i);
                }
            }
            sleep(50);
        }
        throw new AssertionError("no cycle " + what + " within " + PATIENCE + "; reports: "
                + reports.stream().map(CycleReport::summary).toList());
    }

    List<CycleReport> reports() {
        return List.copyOf(reports);
    }

    ReportFile reportFile() {
        return reportFile;
    }

    DaemonMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        loop.stop();
        try {
            thread.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the loop", e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("the loop did not stop within " + PATIENCE);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
