package dev.pgstate.reconcilers.core.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the kinds plan with from one plan to the next, each value under its kind's {@link PlanInput}; made by the
 * registry, held by the planner and handed to every kind in its {@link PlanContext}. With them, what the kinds do to
 * their changes just before they run ({@link #preparation}: the role kind makes the verifiers of new passwords).
 */
public final class PlanInputs {

    /** No input: for kinds that plan from the spec and the server alone. */
    public static final PlanInputs NONE = new PlanInputs(Map.of(), List.of());

    private final Map<PlanInput<?>, Object> values;
    private final List<Preparation> preparations;

    private PlanInputs(Map<PlanInput<?>, Object> values, List<Preparation> preparations) {
        this.values = Map.copyOf(values);
        this.preparations = List.copyOf(preparations);
    }

    /** These inputs and {@code value} under {@code key}. */
    public <T> PlanInputs with(PlanInput<T> key, T value) {
        Map<PlanInput<?>, Object> more = new LinkedHashMap<>(values);
        more.put(key, key.type().cast(Objects.requireNonNull(value, "value")));
        return new PlanInputs(more, preparations);
    }

    /** These inputs, and {@code preparation} run on the changes it prepares, just before they run. */
    public PlanInputs preparing(Preparation preparation) {
        List<Preparation> more = new ArrayList<>(preparations);
        more.add(Objects.requireNonNull(preparation, "preparation"));
        return new PlanInputs(values, more);
    }

    /** What makes the changes ready to run: each preparation in turn. */
    public Preparation preparation() {
        return Preparation.allOf(preparations);
    }

    /** The value under {@code key}, which the registry gives every planner. */
    public <T> T get(PlanInput<T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("the " + key.kind() + " kind plans with a " + key.type().getSimpleName()
                    + " that the planner was not given");
        }
        return key.type().cast(value);
    }
}
