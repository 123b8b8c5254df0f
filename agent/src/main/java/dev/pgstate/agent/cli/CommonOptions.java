package dev.pgstate.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Options every verb has: {@code --help} (no {@code -h}: libpq's {@code -h} is the host) and {@code --debug},
 * which turns on DEBUG logging (including the SQL sent) and stack traces on errors.
 */
final class CommonOptions {

    static final String DEBUG = "--debug";
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    // A setter rather than a field: picocli calls it while parsing, so logging is set before the command runs.
    @Option(names = DEBUG, description = "Log at DEBUG (including the SQL sent) and show stack traces on errors.")
    void debug(boolean debug) {
        Logger logger = (Logger) LoggerFactory.getLogger(StderrLogging.AGENT_LOGGERS);
        logger.setLevel(debug ? Level.DEBUG : Level.INFO);
    }

    /** True when {@value #DEBUG} was given to the command that ran (or any command on the way to it). */
    static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption(DEBUG)) {
                return true;
            }
        }
        return false;
    }
}
