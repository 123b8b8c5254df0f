package dev.pgstate.agent.daemon;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.render.TextPlanRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The cycle report as log events, one line per item in {@code key=value} form so journald and log shippers
 * can filter on them: {@code event=drift|changed|failed|pending|spec_invalid|cycle}. Each item line also puts
 * its {@code address} in the MDC, beside the {@code cycle} and {@code mode} the loop sets.
 */
public final class DriftLog implements CycleListener {

    private static final Logger LOG = LoggerFactory.getLogger("dev.pgstate.daemon");

    private final TextPlanRenderer plans = new TextPlanRenderer();

    @Override
    public void cycleFinished(CycleReport report) {
        report.specProblem().ifPresent(problem -> problem.lines()
                .forEach(line -> LOG.warn("event=spec_invalid problem={}", KeyValue.value(line))));
        report.server().drift().ifPresent(plan -> plan.changes().forEach(this::drift));
        report.server().drift().ifPresent(plan -> plan.drift().forEach(object -> withAddress(
                object.address().toString(), () -> LOG.info("event=drift address={} action=unmanaged superuser={}",
                        object.address(), object.superuser()))));
        report.server().changed().forEach(change -> item(change, "event=changed address={} action={}"));
        report.server().failure().ifPresent(failure -> LOG.warn("event=failed error={}", KeyValue.value(failure)));
        report.server().pending().forEach(change -> item(change, "event=pending address={} action={}"));
        report.manualActions().forEach(this::manualAction);
        if (report.restartPending()) {
            LOG.warn("event=pending restart=true");
        }
        String plan = report.server().drift().map(plans::summary).orElse("(server not read)");
        String line = "event=cycle outcome={} drifted={} changed={} pending={} duration_ms={} plan={}";
        Object[] values = {report.succeeded() ? "ok" : "failed", report.driftCount(), report.server().changed().size(),
                report.server().pending().size(), report.duration().toMillis(), KeyValue.value(plan)};
        if (report.succeeded()) {
            LOG.info(line, values);
        } else {
            LOG.warn(line, values);
        }
    }

    private void drift(Change change) {
        withAddress(change.address().toString(), () -> {
            if (change.attributes().isEmpty()) {
                LOG.info("event=drift address={} action={} reason={}", change.address(), action(change),
                        KeyValue.value(change.reason()));
            }
            for (AttributeChange<?> attribute : change.attributes()) {
                LOG.info("event=drift address={} action={} attribute={} expected={} found={}", change.address(),
                        action(change), attribute.name(), KeyValue.expected(attribute), KeyValue.found(attribute));
            }
        });
    }

    private void item(Change change, String line) {
        withAddress(change.address().toString(), () -> LOG.info(line, change.address(), action(change)));
    }

    private void manualAction(ManualAction action) {
        withAddress(action.address().toString(), () -> LOG.warn(
                "event=pending address={} attribute={} expected={} found={} manual_action={}", action.address(),
                action.attribute(), KeyValue.value(action.expected()), KeyValue.value(action.found()),
                KeyValue.value(action.reason())));
    }

    private static String action(Change change) {
        return change.action().name().toLowerCase();
    }

    private static void withAddress(String address, Runnable log) {
        MDC.put("address", address);
        try {
            log.run();
        } finally {
            MDC.remove("address");
        }
    }
}
