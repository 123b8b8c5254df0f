package dev.pgstate.reconcilers.apply;

import java.util.List;

/**
 * What was done after the changes: whether the configuration was reloaded and the server restarted, and which
 * parameters still wait for a restart the spec leaves to a person ({@code restart: never}).
 */
public record EffectsResult(boolean reloaded, boolean restarted, List<String> awaitingRestart) {

    public EffectsResult {
        awaitingRestart = List.copyOf(awaitingRestart);
    }

    public static EffectsResult none() {
        return new EffectsResult(false, false, List.of());
    }
}
