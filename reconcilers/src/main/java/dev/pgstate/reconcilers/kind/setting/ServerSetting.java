package dev.pgstate.reconcilers.kind.setting;

import java.util.List;
import java.util.Objects;

/**
 * One row of {@code pg_settings}: the value in the parameter's base unit ({@code unit}, e.g. {@code kB} or
 * {@code 8kB}), its type and limits, where the value came from, whether a value changed on disk waits for a
 * restart, and the compiled-in default ({@code bootVal}). {@code enumvals}, {@code minVal} and {@code maxVal} are
 * empty or null where the type has none; {@code sourcefile} is null when the value does not come from a file.
 * As read, the value is the agent's session's; {@link LiveSettings} holds the server's (see there).
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
        String maxVal,
        String bootVal) {

    /** The {@code source} of a value a config file line gave. */
    static final String FROM_A_FILE = "configuration file";

    public ServerSetting {
        Objects.requireNonNull(name, "name");
        enumvals = enumvals == null ? List.of() : List.copyOf(enumvals);
    }

    /**
     * The same parameter with the value a new session starts from before any role, database or client setting:
     * that of a config file line ({@code sourcefile} and {@code sourceline} given) or else the compiled-in default.
     */
    ServerSetting withServerValue(String value, String fromSource, String fromFile, Integer fromLine) {
        return new ServerSetting(name, value, unit, vartype, context, fromSource, fromFile, fromLine, pendingRestart,
                enumvals, minVal, maxVal, bootVal);
    }

    /** A config file line gave the value. */
    public boolean fromAFile() {
        return FROM_A_FILE.equals(source);
    }

    /** Only a server restart applies a new value. */
    public boolean needsRestart() {
        return "postmaster".equals(context);
    }

    /** Fixed when the cluster was built or compiled; nothing the agent can change. */
    /**
     * A session may set it (SET, set_config), and so may ALTER ROLE/DATABASE … SET for the sessions of a role or a
     * database: contexts user and superuser; the others are fixed at server start, reload or connection start.
     */
    public boolean settableInSession() {
        return "user".equals(context) || "superuser".equals(context);
    }

    public boolean readOnly() {
        return "internal".equals(context);
    }
}
