package dev.pgstate.agent.fleet;

/**
 * Why one box could not be pushed, in words for the report. {@code unreachable} when no SSH session could be had at
 * all (refused, timed out, no such host), so the report can count those apart; {@code transient} when trying again
 * may help (the connection was refused or dropped, not the host key or the login).
 */
final class BoxFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unreachable;
    private final boolean transientCause;

    private BoxFailure(String message, boolean unreachable, boolean transientCause) {
        super(message);
        this.unreachable = unreachable;
        this.transientCause = transientCause;
    }

    static BoxFailure failed(String message) {
        return new BoxFailure(message, false, false);
    }

    static BoxFailure unreachable(String message, boolean transientCause) {
        return new BoxFailure(message, true, transientCause);
    }

    boolean unreachable() {
        return unreachable;
    }

    boolean isTransient() {
        return transientCause;
    }
}
