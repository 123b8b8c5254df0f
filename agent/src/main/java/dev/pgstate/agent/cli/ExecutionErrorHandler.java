package dev.pgstate.agent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a failed command as {@code error: <message>} on stderr, one line per problem, and returns the exit
 * code its kind owns. The stack trace is only for {@code --debug}: users need the cause, not our call stack.
 */
final class ExecutionErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        AgentException classified = Failures.classify(failure);
        PrintWriter err = command.getErr();
        classified.getMessage().lines().forEach(line -> err.println("error: " + line));
        if (CommonOptions.debugRequested(parseResult)) {
            failure.printStackTrace(err);
        }
        err.flush();
        return classified.exitCode().code();
    }
}
