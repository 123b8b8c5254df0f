package dev.pgstate.agent.daemon;

/** Hears each finished cycle: the log, the report file, metrics and systemd each publish it their way. */
@FunctionalInterface
public interface CycleListener {

    void cycleFinished(CycleReport report);
}
