package dev.pgstate.agent.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.pgstate.model.text.Printable;

/**
 * The log message with control characters escaped: names and values come from specs and from the server, where
 * anyone who can create a role can put a line break in one, and a log line must not forge the next.
 */
public final class PrintableMessage extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Printable.escape(event.getFormattedMessage());
    }
}
