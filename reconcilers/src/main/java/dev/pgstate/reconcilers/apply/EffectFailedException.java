package dev.pgstate.reconcilers.apply;

import dev.pgstate.reconcilers.plan.Effect;

/** A reload or restart did not happen, or could not be confirmed; the changes before it are on disk. */
public final class EffectFailedException extends RuntimeException {

    private final Effect effect;

    public EffectFailedException(Effect effect, String message, Throwable cause) {
        super(message, cause);
        this.effect = effect;
    }

    public Effect effect() {
        return effect;
    }
}
