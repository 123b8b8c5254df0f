package dev.pgstate.reconcilers.live;

import java.util.List;
import java.util.Objects;

/**
 * One row of {@code pg_settings}: the value in effect for the agent's session in the parameter's base unit
 * ({@code unit}, e.g. {@code kB} or {@code 8kB}), its type and limits, where the value came from, and whether a
 * value changed on disk waits for a restart. {@code enumvals}, {@code minVal} and {@code maxVal} are empty or
 * null where the type has none; {@code sourcefile} is null when the value does not come from a file.
 */
public record ServerSetting(
        String name,
        String setting,
        String unit,
        String vartype,
        String context,
        String source,
        String sourcefile,
        Integer sourceline,
        boolean pendingRestart,
        List<String> enumvals,
        String minVal,
        String maxVal) {

    public ServerSetting {
        Objects.requireNonNull(name, "name");
        enumvals = enumvals == null ? List.of() : List.copyOf(enumvals);
    }

    /** Only a server restart applies a new value. */
    public boolean needsRestart() {
        return "postmaster".equals(context);
    }

    /** Fixed when the cluster was built or compiled; nothing the agent can change. */
    public boolean readOnly() {
        return "internal".equals(context);
    }
}
