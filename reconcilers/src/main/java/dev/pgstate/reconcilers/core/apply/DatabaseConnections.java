package dev.pgstate.reconcilers.core.apply;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to the cluster as the agent's user; the CLI implements it from its connection settings. */
public interface DatabaseConnections {

    /** A new connection to {@code database}; the caller closes it. */
    Connection open(String database) throws SQLException;

    /** The database the agent works from (and takes its advisory lock in), e.g. {@code postgres}. */
    String maintenanceDatabase();
}
