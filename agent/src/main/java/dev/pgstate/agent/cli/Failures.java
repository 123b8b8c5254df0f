package dev.pgstate.agent.cli;

import dev.pgstate.model.load.SpecException;
import dev.pgstate.reconcilers.core.apply.ConcurrentApplyException;
import dev.pgstate.reconcilers.core.connect.ConnectionException;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.facade.Engine;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;

/** Maps the exceptions of the lower layers onto the CLI's exit codes, in one place. */
final class Failures {

    private Failures() {
    }

    static AgentException classify(Throwable failure) {
        if (failure instanceof AgentException agent) {
            return agent;
        }
        if (failure instanceof SpecException || failure instanceof PlanningException) {
            return new AgentException(ExitCode.INVALID_SPEC, failure.getMessage(), failure);
        }
        // a secret that is missing or open to others is the box's problem, not the spec's
        if (failure instanceof ConnectionException || failure instanceof ConcurrentApplyException
                || failure instanceof SecretException) {
            return new AgentException(ExitCode.RUNTIME_ERROR, failure.getMessage(), failure);
        }
        if (failure instanceof SQLException sql) {
            return new AgentException(ExitCode.RUNTIME_ERROR, Engine.describe(sql), failure);
        }
        if (failure instanceof UncheckedIOException io) {
            return new AgentException(ExitCode.RUNTIME_ERROR, describe(io.getCause()), failure);
        }
        return new AgentException(ExitCode.RUNTIME_ERROR, describe(failure), failure);
    }

    /** The message alone when there is one; an unexpected exception without one is named by its type. */
    private static String describe(Throwable failure) {
        // these carry only the path as their message, which alone reads like nonsense
        if (failure instanceof NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (failure instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getName() : message;
    }
}
