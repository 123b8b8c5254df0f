package dev.pgstate.agent.metrics;

import dev.pgstate.agent.daemon.CycleListener;
import dev.pgstate.agent.daemon.CycleReport;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.facade.Engine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's figures, updated once per cycle and read by the HTTP endpoint: cycle duration, drift items by
 * kind, manual actions, changes applied, errors, pending restart, seconds since the last successful cycle, and
 * seconds to expiry of every certificate the tls section knows of (counted at scrape time, so an alert fires even
 * while the cycles fail).
 */
public final class DaemonMetrics implements CycleListener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final Instant started;
    private final Timer cycleDuration;
    private final Counter changesApplied;
    private final Counter serverErrors;
    private final Counter specErrors;
    private final Map<KindName, AtomicInteger> drift = new LinkedHashMap<>();
    private final AtomicInteger manualActions = new AtomicInteger();
    /** Unmanaged roles (superusers apart) and databases the last plan listed, whatever the policy calls them. */
    private final Map<UnmanagedObject.Group, AtomicInteger> unmanaged = new LinkedHashMap<>();
    private final AtomicInteger restartPending = new AtomicInteger();
    private final MultiGauge certificateExpiry;
    private volatile CycleReport last;
    private volatile Instant lastSuccess;

    public DaemonMetrics(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        cycleDuration = Timer.builder("pgstate.cycle.duration").description("Time of one reconcile cycle")
                .register(registry);
        changesApplied = Counter.builder("pgstate.changes.applied").description("Changes applied to the server")
                .register(registry);
        serverErrors = errors("server", "Cycles that could not read or change the server as planned");
        specErrors = errors("spec", "Cycles whose spec file did not load or validate (the last good spec was used)");
        for (KindName kind : Engine.kinds()) {
            AtomicInteger count = new AtomicInteger();
            drift.put(kind, count);
            Gauge.builder("pgstate.drift.items", count, AtomicInteger::get).tag("kind", kind.label())
                    .description("Differences from the spec found by the last cycle that read the server")
                    .register(registry);
        }
        Engine.unmanagedGroups().forEach(group -> unmanaged.put(group, new AtomicInteger()));
        unmanaged.forEach((key, count) -> Gauge.builder("pgstate.unmanaged.objects", count, AtomicInteger::get)
                .tag("kind", key.kind().label()).tag("superuser", String.valueOf(key.superuser()))
                .description("Objects on the server the spec does not name (its unmanaged policy not ignoring them)")
                .register(registry));
        Gauge.builder("pgstate.manual.actions", manualActions, AtomicInteger::get)
                .description("Differences the agent will not fix by itself").register(registry);
        Gauge.builder("pgstate.restart.pending", restartPending, AtomicInteger::get)
                .description("1 when a change needs a server restart").register(registry);
        Gauge.builder("pgstate.last.cycle.success", this, m -> m.last != null && m.last.succeeded() ? 1 : 0)
                .description("1 when the last cycle succeeded").register(registry);
        Gauge.builder("pgstate.seconds.since.last.success", this, DaemonMetrics::secondsSinceLastSuccess)
                .description("Seconds since the last successful cycle (since start when there was none)")
                .register(registry);
        certificateExpiry = MultiGauge.builder("pgstate.certificate.expiry.seconds")
                .description("Seconds until a certificate the agent knows of expires (served, CA, issued client); "
                        + "negative once it has").register(registry);
    }

    private Counter errors(String source, String description) {
        return Counter.builder("pgstate.cycle.errors").tag("source", source).description(description)
                .register(registry);
    }

    @Override
    public void cycleFinished(CycleReport report) {
        cycleDuration.record(report.duration());
        changesApplied.increment(report.server().changed().size());
        report.server().failure().ifPresent(failure -> serverErrors.increment());
        report.specProblem().ifPresent(problem -> specErrors.increment());
        // a cycle that could not read the server knows nothing new: the last figures stay
        report.server().drift().ifPresent(plan -> {
            drift.forEach((kind, count) -> count.set((int) plan.changes().stream().map(Change::kind)
                    .filter(kind::equals).count()));
            manualActions.set(plan.manualActions().size());
            unmanaged.forEach((key, count) -> count.set((int) plan.unmanagedObjects().stream()
                    .filter(o -> key.equals(o.group())).count()));
            restartPending.set(report.restartPending() ? 1 : 0);
            certificateExpiry.register(plan.certificates().stream().map(certificate -> MultiGauge.Row.of(
                    Tags.of("file", certificate.file().toString(), "subject", certificate.subject()),
                    () -> certificate.secondsToExpiry(clock.instant()))).toList(), true);
        });
        if (report.succeeded()) {
            lastSuccess = clock.instant();
        }
        last = report;
    }

    /** Everything in Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    public Health health() {
        return Health.of(Optional.ofNullable(last), Optional.ofNullable(lastSuccess), clock.instant());
    }

    private double secondsSinceLastSuccess() {
        // since start when there was no success yet, so an alert on a large value fires for a daemon that never succeeds
        Instant since = lastSuccess == null ? started : lastSuccess;
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }
}
