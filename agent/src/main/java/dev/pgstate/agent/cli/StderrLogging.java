package dev.pgstate.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's logging, set up in code (found by logback through {@code META-INF/services}) rather than from a
 * logback.xml: parsing XML costs a CLI run about a tenth of a second. Diagnostics go to stderr so that stdout
 * carries only results (plans, reports, exported specs); the agent's own loggers log at INFO, {@code --debug}
 * switches them to DEBUG. {@code -Dlogback.configurationFile=FILE} still replaces all of this.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {

    /** Everything the agent logs is under this logger. */
    static final String AGENT_LOGGERS = "dev.pgstate";

    private static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";
    /** The pattern word for {@link PrintableMessage}: every line the agent logs is one line. */
    static final String PRINTABLE_MESSAGE = "printableMsg";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        registerConverter(context, PRINTABLE_MESSAGE, PrintableMessage::new);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level %logger{0}: %" + PRINTABLE_MESSAGE + "%n");
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger(AGENT_LOGGERS).setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    @SuppressWarnings("unchecked")
    private static void registerConverter(LoggerContext context, String word, Supplier<DynamicConverter<?>> converter) {
        Map<String, Supplier<DynamicConverter<?>>> rules = (Map<String, Supplier<DynamicConverter<?>>>)
                context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put(word, converter);
    }
}
