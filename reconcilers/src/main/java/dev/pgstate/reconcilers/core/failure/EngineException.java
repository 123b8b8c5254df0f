package dev.pgstate.reconcilers.core.failure;

/**
 * The root of every failure the engine throws. Its kind says whose fault it is, so callers map it onto their own
 * outcome (the CLI's exit code) in one place; the subclass says what failed, its message says it to a person.
 */
public abstract class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whose fault a failure is. */
    public enum Kind {
        /** The spec asks for something this server cannot have; running again will not help. */
        INVALID_SPEC,
        /** The server, the box or the network failed; the same spec may work later. */
        RUNTIME
    }

    private final Kind kind;

    protected EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
