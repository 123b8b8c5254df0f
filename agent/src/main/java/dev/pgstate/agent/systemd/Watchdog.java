package dev.pgstate.agent.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Sends {@code WATCHDOG=1} every half of {@code $WATCHDOG_USEC} (set by systemd from {@code WatchdogSec=}) for as
 * long as the loop thread is alive: a dead loop or a hung JVM stops the pings and systemd restarts the service.
 * A slow statement does not, because a long CREATE DATABASE is legitimate.
 */
public final class Watchdog implements AutoCloseable {

    public static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    public static final String WATCHDOG_PID = "WATCHDOG_PID";

    private final ScheduledExecutorService pings;

    private Watchdog(ScheduledExecutorService pings) {
        this.pings = pings;
    }

    /** The ping period when systemd asked this process for watchdog pings, else empty. */
    public static Optional<Duration> period(Map<String, String> env) {
        String usec = env.get(WATCHDOG_USEC);
        String pid = env.get(WATCHDOG_PID);
        if (usec == null || (pid != null && !pid.equals(String.valueOf(ProcessHandle.current().pid())))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(micros * 1000 / 2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Watchdog start(SystemdNotifier notifier, Duration period, BooleanSupplier alive) {
        ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "pgstate-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = period.toNanos();
        pings.scheduleAtFixedRate(() -> {
            if (alive.getAsBoolean()) {
                notifier.notify("WATCHDOG=1");
            }
        }, 0, nanos, TimeUnit.NANOSECONDS);
        return new Watchdog(pings);
    }

    @Override
    public void close() {
        pings.shutdownNow();
    }
}
