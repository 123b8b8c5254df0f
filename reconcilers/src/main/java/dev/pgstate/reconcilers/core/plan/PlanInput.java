package dev.pgstate.reconcilers.core.plan;

import java.util.Objects;

/**
 * The key of a value one kind plans with that outlives a single plan (the role kind's remembered password checks):
 * declared as a constant in the kind's package, so that the engine carries the value ({@link PlanInputs}) without
 * naming its type.
 */
public record PlanInput<T>(KindName kind, Class<T> type) {

    public PlanInput {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
    }
}
