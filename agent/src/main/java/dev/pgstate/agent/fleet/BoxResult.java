package dev.pgstate.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the push did to one box.
 *
 * @param plan  the box's own {@code agent plan --format json}, when it got that far
 * @param apply the box's {@code agent apply --format json}, when it ran
 * @param error the cause, for a box that failed, was unreachable or was not started
 * @param steps where {@code took} went, step by step in their order (a retried connection is a step of its own)
 */
public record BoxResult(Box box, Status status, Optional<String> agentVersion, Optional<JsonNode> plan,
        Optional<JsonNode> apply, Optional<String> error, Duration took, int attempts, List<StepTime> steps) {

    public BoxResult {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(apply, "apply");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(took, "took");
        steps = List.copyOf(steps);
    }

    /** How long one step on the box took: {@code step} as the display names it ("connecting", "upload", …). */
    public record StepTime(String step, Duration took) {
        public StepTime {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(took, "took");
        }
    }

    /** How a box ended, as the report words it. */
    public enum Status {
        /** Nothing to change: the box already matched the spec. */
        CONVERGED("converged"),
        /** Apply changed the box, and it now matches the spec. */
        CHANGED("changed"),
        /** With --plan-only: the box differs from the spec. */
        PENDING("pending"),
        FAILED("failed"),
        /** No SSH session could be had. */
        UNREACHABLE("unreachable"),
        /** The rollout stopped (too many failures, or Ctrl-C) before this box's turn. */
        NOT_STARTED("not started");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Counts against --max-failures and makes the push exit 1. */
        public boolean failed() {
            return this == FAILED || this == UNREACHABLE || this == NOT_STARTED;
        }
    }

    static BoxResult notStarted(Box box, String why) {
        return new BoxResult(box, Status.NOT_STARTED, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(why), Duration.ZERO, 0, List.of());
    }

    /** Changes the box's plan listed before anything was applied. */
    public int plannedChanges() {
        return plan.map(tree -> tree.path("changes").size()).orElse(0);
    }

    /** Changes the box's apply made (or, through its daemon, the daemon's cycle). */
    public int appliedChanges() {
        return apply.map(tree -> tree.has("changed") ? tree.path("changed").size()
                : tree.path("result").path("applied").size()).orElse(0);
    }
}
