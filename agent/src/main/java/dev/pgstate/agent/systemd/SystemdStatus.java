package dev.pgstate.agent.systemd;

import dev.pgstate.agent.daemon.CycleListener;
import dev.pgstate.agent.daemon.CycleReport;

/**
 * Tells systemd the service is ready once the first cycle is done (so {@code systemctl start} returns after the
 * box was reconciled once, or tried to be), and shows each cycle's one-line summary in {@code systemctl status}.
 */
public final class SystemdStatus implements CycleListener {

    private final SystemdNotifier notifier;
    private boolean ready;

    public SystemdStatus(SystemdNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void cycleFinished(CycleReport report) {
        String status = "STATUS=" + report.summary().replace('\n', ' ');
        if (!ready) {
            notifier.notify("READY=1\n" + status);
            ready = true;
        } else {
            notifier.notify(status);
        }
    }
}
