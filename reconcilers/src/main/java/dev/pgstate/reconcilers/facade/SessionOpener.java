package dev.pgstate.reconcilers.facade;

import dev.pgstate.reconcilers.core.connect.Connector;

/** How the engine opens its sessions: pgjdbc, or a test's kept session. */
@FunctionalInterface
public interface SessionOpener extends Connector.Opener {

    /** A new pgjdbc connection each time: what the agent does. */
    SessionOpener PGJDBC = Connector.PGJDBC::open;
}
