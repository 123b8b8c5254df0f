package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.facade.SessionOpener;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code agent}; also builds the configured command line for tests and the demo. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        executeAndExit(commandLine(System.getenv()), args);
    }

    /** Runs {@code args} on {@code commandLine}, then ends the JVM with the command's exit code. */
    public static void executeAndExit(CommandLine commandLine, String[] args) {
        int exitCode = commandLine.execute(args);
        // picocli's writers flush on println only: a report ending in print() would be lost at System.exit
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(exitCode);
    }

    /**
     * The agent's command line with its error handlers and exit-code help, reading PG* settings from {@code env}
     * (a map, so tests need not touch the real environment). {@code extraSubcommands} (annotated with
     * {@code @Command}) are added beside the agent's own verbs, as the demo does.
     */
    public static CommandLine commandLine(Map<String, String> env, Object... extraSubcommands) {
        return commandLine(env, SessionOpener.PGJDBC, extraSubcommands);
    }

    /** Like {@link #commandLine(Map, Object...)}, the verbs opening their sessions with {@code opener}. */
    public static CommandLine commandLine(Map<String, String> env, SessionOpener opener, Object... extraSubcommands) {
        CommandLine commandLine = new CommandLine(new AgentCommand(env, opener));
        for (Object subcommand : extraSubcommands) {
            commandLine.addSubcommand(subcommand);
        }
        describeExitCodes(commandLine, null);
        commandLine.getSubcommands().forEach((name, verb) -> describeExitCodes(verb, name));
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(new ExecutionErrorHandler());
    }

    /** Every command's help ends with the exit codes it can end with, kept in one place: {@link ExitCode}. */
    private static void describeExitCodes(CommandLine command, String name) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList(ExitCode.of(name)));
    }
}
