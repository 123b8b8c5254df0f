package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import java.sql.Connection;
import java.sql.SQLException;

/** A kind kept per database, which reads itself as its {@link PerDatabase} says. */
public interface PerDatabaseKind extends ManagedKind {

    /** Which objects of the kind a database's spec names, and how the kind reads, plans and exports them. */
    PerDatabase<?, ?> perDatabase();

    @Override
    default KindState read(Spec spec, Connection session, DatabaseSessions databases) throws SQLException {
        return perDatabase().read(spec, session, databases);
    }

    @Override
    default KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        return perDatabase().readAll(session, databases);
    }
}
