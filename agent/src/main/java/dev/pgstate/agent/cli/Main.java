package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.facade.SessionOpener;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code agent}; also builds the configured command line for tests and the demo. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        executeAndExit(commandLine(System.getenv(), SessionOpener.PGJDBC, verbsFor(args)), args);
    }

    /**
     * Only the verb {@code args} name, when they start with one: picocli reads every option of every verb it is
     * given, and the other thirteen cost a command about 0.2 s of CPU (measured: 750 ms for the JVM and the whole
     * command line, 530 ms with the plan verb alone, 280 ms for the JVM). Anything else (help, a version, a mistake
     * to suggest a verb for) gets them all.
     */
    static List<Class<?>> verbsFor(String[] args) {
        return Arrays.stream(args).limit(1)
                .flatMap(first -> AgentCommand.VERBS.stream()
                        .filter(verb -> verb.getAnnotation(CommandLine.Command.class).name().equals(first)))
                .findFirst().map(List::<Class<?>>of).orElse(AgentCommand.VERBS);
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
        return commandLine(env, opener, AgentCommand.VERBS, extraSubcommands);
    }

    private static CommandLine commandLine(Map<String, String> env, SessionOpener opener, List<Class<?>> verbs,
            Object... extraSubcommands) {
        CommandLine commandLine = new CommandLine(new AgentCommand(env, opener));
        for (Class<?> verb : verbs) {
            commandLine.addSubcommand(verb);
        }
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
