package dev.pgstate.agent.cli;

import java.util.Objects;

/** The root of every failure the CLI reports: its exit code says what kind, its message is shown to the user. */
public class AgentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public AgentException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public AgentException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
