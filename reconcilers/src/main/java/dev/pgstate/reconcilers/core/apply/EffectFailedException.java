package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.failure.EngineException;
import dev.pgstate.reconcilers.core.plan.Effect;

/** A reload or restart did not happen, or could not be confirmed; the changes before it are on disk. */
public final class EffectFailedException extends EngineException {

    private final Effect effect;
    private final boolean rolledBack;

    public EffectFailedException(Effect effect, String message, Throwable cause) {
        this(effect, message, cause, false);
    }

    private EffectFailedException(Effect effect, String message, Throwable cause, boolean rolledBack) {
        super(Kind.RUNTIME, message, cause);
        this.effect = effect;
        this.rolledBack = rolledBack;
    }

    /**
     * A reload the server did not show, or a restart it did not survive, undone: the settings files are as before
     * and the server runs.
     */
    static EffectFailedException rolledBack(Effect effect, String message, Throwable cause) {
        return new EffectFailedException(effect, message, cause, true);
    }

    /** The settings written for the apply were put back: none of them is applied any more. */
    public boolean isRolledBack() {
        return rolledBack;
    }

    public Effect effect() {
        return effect;
    }
}
