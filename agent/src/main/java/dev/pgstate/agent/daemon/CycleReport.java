package dev.pgstate.agent.daemon;

import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One cycle of the daemon: when and how long, in which mode, whether the spec file could be used (when not,
 * the last good spec was enforced and {@code specProblem} says why), and what happened on the server.
 *
 * @param specSha256 the SHA-256 (hex) of the spec file's bytes this cycle read, used or not; empty when it could not
 *                   be read, as {@link dev.pgstate.model.Specs#sha256Of} writes it. A push waiting for the daemon
 *                   knows by it that a cycle read the spec it put there.
 * @param changedForSpec what every cycle since the daemon first read those bytes changed, this one's included, one
 *                       change per object: a push that put the spec there and asked for a cycle may find the report of
 *                       a later cycle (the daemon also starts one when it sees the file change), which changed nothing.
 */
public record CycleReport(long number, Mode mode, Instant startedAt, Duration duration, Optional<String> specProblem,
                          ServerResult server, Optional<String> specSha256, List<Change> changedForSpec) {

    public CycleReport(long number, Mode mode, Instant startedAt, Duration duration, Optional<String> specProblem,
            ServerResult server) {
        this(number, mode, startedAt, duration, specProblem, server, Optional.empty(), server.changed());
    }

    public CycleReport {
        Objects.requireNonNull(specSha256, "specSha256");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(specProblem, "specProblem");
        Objects.requireNonNull(server, "server");
        changedForSpec = List.copyOf(changedForSpec);
    }

    /** A cycle succeeds when the spec file was usable and the server part ended without failure. */
    public boolean succeeded() {
        return specProblem.isEmpty() && server.failure().isEmpty();
    }

    /**
     * The differences found at the start of the cycle: changes, and unmanaged objects the spec's policy calls drift
     * (manual actions are pending, not drift).
     */
    public int driftCount() {
        return server.drift().map(plan -> plan.changes().size() + plan.drift().size()).orElse(0);
    }

    public List<ManualAction> manualActions() {
        return server.drift().map(Plan::manualActions).orElse(List.of());
    }

    /** A change needs a server restart that this cycle did not do (report mode, restart: never, or it failed). */
    public boolean restartPending() {
        return server.restartPending();
    }

    /** One line for systemd's STATUS= and the log, e.g. {@code enforce cycle 3 ok: 2 drifted, 2 changed, 0 pending}. */
    public String summary() {
        StringBuilder line = new StringBuilder(mode.label()).append(" cycle ").append(number)
                .append(succeeded() ? " ok: " : " failed: ")
                .append(driftCount()).append(" drifted, ")
                .append(server.changed().size()).append(" changed, ")
                .append(server.pending().size() + manualActions().size() + (restartPending() ? 1 : 0)).append(" pending");
        server.failure().ifPresent(failure -> line.append("; ").append(failure));
        specProblem.ifPresent(problem -> line.append("; spec not used: ").append(problem.lines().findFirst().orElse("")));
        return line.toString();
    }
}
