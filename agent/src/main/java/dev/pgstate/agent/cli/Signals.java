package dev.pgstate.agent.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * POSIX signals for {@code run}, through {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK
 * and JRE since 9 and still without a supported replacement). Handling TERM ourselves, rather than leaving it to
 * the JVM's shutdown hooks, lets the loop finish its cycle and the process exit 0, which systemd reads as a
 * clean stop.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on a JVM signal thread each time {@code name} (HUP, TERM, INT) arrives. */
    static void on(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), signal -> action.run());
        } catch (IllegalArgumentException e) {
            // e.g. under -Xrs, or a signal the JVM reserves: the daemon still runs, without this trigger
            LOG.warn("event=signal_unavailable signal={} error=\"{}\"", name, e.getMessage());
        }
    }
}
