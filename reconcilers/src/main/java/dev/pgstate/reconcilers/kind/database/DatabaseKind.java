package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.ServerReader;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A database may be given to a role (its owner). */
public final class DatabaseKind implements ManagedKind {

    public static final KindName NAME = new KindName("database");

    /** {@code database.appdb}. */
    public static Address address(String database) {
        return Address.of(NAME, database);
    }

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(RoleKind.NAME);
    }

    @Override
    public KindState readInSnapshot(Spec spec, Connection session, ServerReader.Server server) throws SQLException {
        return LiveDatabases.of(server.info(), DatabaseReader.read(session, server.info()));
    }
}
