package dev.pgstate.agent.cli;

import dev.pgstate.model.load.SpecException;
import dev.pgstate.reconcilers.core.failure.EngineException;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.facade.Engine;
import java.io.UncheckedIOException;
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
            return new AgentException(code, FileFaults.describe(engine), failure);
        }
        if (failure instanceof SQLException sql) {
            return new AgentException(ExitCode.RUNTIME_ERROR, Engine.describe(sql), failure);
        }
        if (failure instanceof UncheckedIOException io) {
            return new AgentException(ExitCode.RUNTIME_ERROR, FileFaults.describe(io.getCause()), failure);
        }
        return new AgentException(ExitCode.RUNTIME_ERROR, FileFaults.describe(failure), failure);
    }
}
