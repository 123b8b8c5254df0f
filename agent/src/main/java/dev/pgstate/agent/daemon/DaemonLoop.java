package dev.pgstate.agent.daemon;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.facade.Server;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles at start, then every interval, as soon as the spec file changes on disk, and when
 * {@link #requestCycle()} is called (SIGHUP). A failed cycle is retried sooner, with {@link Backoff}. Runs in the
 * thread that calls {@link #run()} until {@link #stop()}; a cycle in progress is finished first.
 */
public final class DaemonLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonLoop.class);

    private final DaemonSettings settings;
    private final SpecFile specFile;
    private final Reconciliation reconciliation;
    private final List<CycleListener> listeners;
    private final Clock clock;
    private final Object wakeup = new Object();
    private boolean stopRequested;
    private boolean cycleRequested;
    private long cycles;
    /** The spec bytes (SHA-256) whose cycles {@link #changedForSpec} collects. */
    private Optional<String> changesSpec = Optional.empty();
    /** What the cycles since those bytes were first read changed, by address: see {@link CycleReport#changedForSpec}. */
    private final Map<String, Change> changedForSpec = new LinkedHashMap<>();

    /**
     * @param initialSpec the spec file as loaded and validated at start: the one in force until a valid edit
     * @param servers     the server a spec is meant for (flags and environment beat its connection block)
     * @param engine      one for the daemon's life, so idle cycles run no PBKDF2 for secrets that matched before;
     *                    the environment the secrets come from is its own
     */
    public DaemonLoop(DaemonSettings settings, Spec initialSpec, Function<Spec, Server> servers, Engine engine,
                      List<CycleListener> listeners, Clock clock) {
        this.settings = settings;
        this.specFile = new SpecFile(settings.specFile(), initialSpec, settings.specCheck());
        this.reconciliation = new Reconciliation(servers, engine, settings.mode(), settings.lockWait());
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(settings.interval());
        while (!stopRequested()) {
            CycleReport report = runCycle();
            Duration wait;
            if (report.server().failure().isPresent()) {
                wait = backoff.afterFailure();
            } else {
                backoff.reset();
                wait = settings.interval();
            }
            try {
                awaitNextCycle(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("event=stopped cycles={}", cycles);
    }

    /** Runs one cycle now in the calling thread and publishes its report; for {@code run --once} and tests. */
    public CycleReport runCycle() {
        long number = ++cycles;
        MDC.put("cycle", String.valueOf(number));
        MDC.put("mode", settings.mode().label());
        try {
            Instant startedAt = clock.instant();
            long start = System.nanoTime();
            SpecFile.Loaded spec = specFile.load();
            ServerResult server = reconciliation.run(spec.inForce());
            if (!spec.sha256().equals(changesSpec)) {
                changesSpec = spec.sha256();
                changedForSpec.clear();
            }
            server.changed().forEach(change -> changedForSpec.putIfAbsent(change.address().toString(), change));
            CycleReport report = new CycleReport(number, settings.mode(), startedAt,
                    Duration.ofNanos(System.nanoTime() - start), spec.problem(), server, spec.sha256(),
                    List.copyOf(changedForSpec.values()));
            publish(report);
            return report;
        } finally {
            MDC.remove("cycle");
            MDC.remove("mode");
        }
    }

    /** Starts a cycle as soon as the current one (if any) is done, e.g. on SIGHUP. */
    public void requestCycle() {
        synchronized (wakeup) {
            cycleRequested = true;
            wakeup.notifyAll();
        }
    }

    /** Lets the cycle in progress finish, then ends {@link #run()}. */
    public void stop() {
        synchronized (wakeup) {
            stopRequested = true;
            wakeup.notifyAll();
        }
    }

    public boolean stopRequested() {
        synchronized (wakeup) {
            return stopRequested;
        }
    }

    private void publish(CycleReport report) {
        for (CycleListener listener : listeners) {
            try {
                listener.cycleFinished(report);
            } catch (RuntimeException e) {
                // a full disk or a closed socket must not stop reconciliation
                LOG.warn("event=publish_failed listener={} error=\"{}\"", listener.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    private void awaitNextCycle(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pollMillis = settings.specPollPeriod().toMillis();
        synchronized (wakeup) {
            while (!stopRequested && !cycleRequested) {
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMillis <= 0) {
                    return;
                }
                if (specFile.changedOnDisk()) {
                    LOG.info("event=spec_changed file={}", settings.specFile());
                    return;
                }
                wakeup.wait(Math.max(1, Math.min(leftMillis, pollMillis)));
            }
            cycleRequested = false;
        }
    }
}
