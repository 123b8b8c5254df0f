package dev.pgstate.reconcilers.core.failure;

/**
 * Why one change failed: what the server said about a statement, or what the agent found itself (a file it could
 * not write, a reload it did not see). Only the server's errors carry an SQLSTATE.
 */
public interface FailureCause {

    /** The server's SQLSTATE; {@code null} when the agent found the failure itself. */
    String sqlState();

    String message();

    /** The server's DETAIL line, if any. */
    String detail();

    /** True when the session to the server was lost, so what came after the failed change was not tried. */
    default boolean connectionLost() {
        return false;
    }

    /** One line for people. */
    String describe();
}
