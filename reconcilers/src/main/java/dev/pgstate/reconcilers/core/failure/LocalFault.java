package dev.pgstate.reconcilers.core.failure;

import java.util.Objects;

/** A failure the agent found on the box rather than one the server reported, so it has no SQLSTATE. */
public record LocalFault(String message) implements FailureCause {

    public LocalFault {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String sqlState() {
        return null;
    }

    @Override
    public String detail() {
        return null;
    }

    @Override
    public String describe() {
        return message;
    }
}
