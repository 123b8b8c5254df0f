package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.connect.EachDatabase;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.PerDatabase;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Schemas live in databases and may be given to a role: created once their database and their owner exist, dropped
 * before either would be. Only the databases whose spec names schemas are read, each in a session of its own; a spec
 * that names none costs no query.
 */
public final class SchemaKind implements ManagedKind {

    public static final KindName NAME = new KindName("schema");

    /** The schemas each database's spec names. */
    static final PerDatabase<SchemaSpec> SCHEMAS =
            new PerDatabase<>("schemas", DatabaseSpec::schemas, DatabaseKind::address);

    /** {@code schema.appdb.app}: a schema by its database and its name. */
    static Address address(String database, String schema) {
        return Address.of(NAME, database, schema);
    }

    /** What a schema's change needs: its database, and its owner when it names one. */
    static Set<Address> placeAndOwner(String database, String owner) {
        return owner == null ? Set.of(DatabaseKind.address(database))
                : Set.of(DatabaseKind.address(database), RoleKind.address(owner));
    }

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(DatabaseKind.NAME, RoleKind.NAME);
    }

    @Override
    public KindState read(Spec spec, Connection session, DatabaseSessions databases) throws SQLException {
        List<DatabaseSpec> naming = SCHEMAS.naming(spec);
        List<String> owners = SCHEMAS.objects(spec).stream().map(SchemaSpec::owner).filter(Objects::nonNull)
                .distinct().toList();
        return naming.isEmpty() ? KindState.NOTHING : state(SchemaReader.read(session, databases,
                naming.stream().map(DatabaseSpec::name).toList(), owners));
    }

    @Override
    public KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        return state(SchemaReader.read(session, databases, EachDatabase.connectable(session), List.of()));
    }

    /** The schemas read for one plan or export, planned by {@link SchemaPlanner}, exported by {@link SchemaExporter}. */
    private static KindState state(LiveSchemas live) {
        return KindState.of(live, (read, spec, findings) -> new SchemaPlanner(read, findings).plan(spec),
                SchemaExporter::into);
    }
}
