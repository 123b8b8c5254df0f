package dev.pgstate.reconcilers.core.apply;

import java.util.List;

/**
 * What was done after the changes: whether the configuration was reloaded and the server restarted, and which
 * parameters still wait for a restart the spec leaves to a person ({@code restart: never}).
 */
public record EffectsResult(boolean reloaded, boolean restarted, List<String> awaitingRestart) {

    public EffectsResult {
        awaitingRestart = List.copyOf(awaitingRestart);
    }

    /** The same, plus a reload done elsewhere (pg_hba.conf reloads the server itself once it is checked). */
    public EffectsResult withReload() {
        return new EffectsResult(true, restarted, awaitingRestart);
    }

    public static EffectsResult none() {
        return new EffectsResult(false, false, List.of());
    }
}
