package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.live.DatabaseSessions;

/** Opens connections to the cluster as the agent's user; the CLI implements it from its connection settings. */
public interface DatabaseConnections extends DatabaseSessions {

    /** The database the agent works from (and takes its advisory lock in), e.g. {@code postgres}. */
    String maintenanceDatabase();
}
