package dev.pgstate.agent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Reports a command-line mistake in one line plus where to get help, and exits 64 (never picocli's 2). */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException mistake, String[] args) {
        CommandLine command = mistake.getCommandLine();
        PrintWriter err = command.getErr();
        // picocli starts some messages (a missing argument group) with its own "Error: "
        err.println("error: " + mistake.getMessage().replaceFirst("^Error: ", ""));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
