package dev.pgstate.agent.cli;

import dev.pgstate.model.load.SpecException;
import dev.pgstate.reconcilers.core.failure.EngineException;
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
        if (failure instanceof SpecException) {
            return new AgentException(ExitCode.INVALID_SPEC, failure.getMessage(), failure);
        }
        if (failure instanceof EngineException engine) {
            ExitCode code = engine.kind() == EngineException.Kind.INVALID_SPEC ? ExitCode.INVALID_SPEC
                    : ExitCode.RUNTIME_ERROR;
            return new AgentException(code, describe(engine), failure);
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
