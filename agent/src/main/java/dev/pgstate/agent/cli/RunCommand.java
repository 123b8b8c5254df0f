package dev.pgstate.agent.cli;

import dev.pgstate.agent.daemon.CycleListener;
import dev.pgstate.agent.daemon.CycleReport;
import dev.pgstate.agent.daemon.DaemonLoop;
import dev.pgstate.agent.daemon.DaemonSettings;
import dev.pgstate.agent.daemon.DriftLog;
import dev.pgstate.agent.daemon.Mode;
import dev.pgstate.agent.daemon.ReportFile;
import dev.pgstate.agent.metrics.DaemonMetrics;
import dev.pgstate.agent.metrics.MetricsServer;
import dev.pgstate.agent.systemd.SystemdNotifier;
import dev.pgstate.agent.systemd.SystemdStatus;
import dev.pgstate.agent.systemd.Watchdog;
import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.facade.Server;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agent run}: the daemon. Reconciles at start, every interval, when the spec file changes and on SIGHUP;
 * SIGTERM or SIGINT let the current cycle finish (at most {@link #STOP_GRACE}, then it is abandoned and the
 * server releases the lock with the closed connection) and exit 0. An invalid spec at start is exit 65; later
 * the last good spec stays in force.
 */
@Command(name = "run", description = {"Keep the server matching the spec: reconcile now, every interval, when the spec "
        + "file changes, and on SIGHUP. Runs until SIGTERM."})
final class RunCommand extends Verb {

    /** Below systemd's default TimeoutStopSec (90 s), so we exit on our own terms rather than being killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger("dev.pgstate.daemon");

    @Mixin
    SpecOnServer server;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Time between cycles: 500ms, 30s, 5m, 1h (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "enforce",
            description = "enforce: apply changes; report: only report drift, never change anything (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Mixin
    StateDirectoryOption state;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9187",
            converter = ListenAddressConverter.class,
            description = "Serve /metrics (Prometheus) and /health here (default: ${DEFAULT-VALUE}).")
    InetSocketAddress metricsAddress;

    @Option(names = "--no-metrics", description = "Serve no metrics or health endpoint.")
    boolean noMetrics;

    @Option(names = "--once", description = "Run one cycle, publish its report, and exit: 0 if it succeeded, else 1.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = agent.env();
        Specs.ContentCheck specCheck = server.specFile.contentCheck();
        Spec initial = server.specFile.loadWithSource(specCheck).spec();
        DaemonSettings settings = DaemonSettings.of(server.specFile.file, interval, mode).withSpecCheck(specCheck);
        List<CycleListener> listeners = new ArrayList<>(List.of(new DriftLog()));
        Optional<Path> stateDirectory = state.given(env);
        if (stateDirectory.isPresent()) {
            listeners.add(reportFile(stateDirectory.get()));
        }
        DaemonMetrics metrics = new DaemonMetrics(Clock.systemUTC());
        listeners.add(metrics);
        Optional<SystemdNotifier> systemd = SystemdNotifier.fromEnvironment(env);
        systemd.ifPresent(notifier -> listeners.add(new SystemdStatus(notifier)));
        DaemonLoop loop = new DaemonLoop(settings, initial, this::server, state.daemonEngine(agent), listeners,
                Clock.systemUTC());
        // the loop lets go of it at its first cycle, which reads the file again; this frame lives as long as the daemon,
        // and a spec of 10,000 roles is megabytes of its 64 MB heap
        initial = null;
        if (once) {
            CycleReport report = loop.runCycle();
            stdout().println(report.summary());
            return report.succeeded() ? ExitCode.OK.code() : ExitCode.RUNTIME_ERROR.code();
        }
        try (MetricsServer endpoint = noMetrics ? null : MetricsServer.start(metricsAddress, metrics)) {
            LOG.info("event=started mode={} interval={} spec={} metrics={}", mode.label(), interval, settings.specFile(),
                    endpoint == null ? "off" : "http://" + endpoint.address().getHostString() + ":"
                            + endpoint.address().getPort() + "/metrics");
            Signals.on("HUP", loop::requestCycle);
            Signals.on("TERM", () -> stop(loop, systemd));
            Signals.on("INT", () -> stop(loop, systemd));
            Optional<Watchdog> watchdog = startWatchdog(env, systemd, Thread.currentThread());
            try {
                loop.run();
            } finally {
                watchdog.ifPresent(Watchdog::close);
            }
        } finally {
            if (systemd.isPresent()) {
                systemd.get().close();
            }
        }
        return ExitCode.OK.code();
    }

    private Server server(Spec spec) {
        return ConnectionOptions.server(agent, server.connection.flags(), spec.connection());
    }

    /** A state directory others could write to is refused like a spec they could write to: exit 65. */
    private static ReportFile reportFile(Path stateDirectory) {
        try {
            return ReportFile.in(stateDirectory);
        } catch (IOException e) {
            throw new AgentException(ExitCode.INVALID_SPEC, "state directory refused: " + e.getMessage(), e);
        }
    }

    private static Optional<Watchdog> startWatchdog(Map<String, String> env, Optional<SystemdNotifier> systemd,
                                                    Thread loopThread) {
        return systemd.flatMap(notifier -> Watchdog.period(env)
                .map(period -> Watchdog.start(notifier, period, loopThread::isAlive)));
    }

    /** On a signal thread: ask the loop to stop, and exit anyway if its cycle does not end within the grace time. */
    private static void stop(DaemonLoop loop, Optional<SystemdNotifier> systemd) {
        LOG.info("event=stopping grace_seconds={}", STOP_GRACE.toSeconds());
        systemd.ifPresent(notifier -> notifier.notify("STOPPING=1"));
        loop.stop();
        Thread abandon = new Thread(() -> {
            try {
                Thread.sleep(STOP_GRACE.toMillis());
                LOG.warn("event=abandoned reason=\"the cycle did not finish within the grace time\"");
                // the server rolls back the open transaction and frees the advisory lock with the connection
                System.exit(ExitCode.OK.code());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pgstate-stop-grace");
        abandon.setDaemon(true);
        abandon.start();
    }

}
