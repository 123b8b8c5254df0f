package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.PerDatabase;
import dev.pgstate.reconcilers.core.plan.PerDatabaseKind;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Schemas live in databases and may be given to a role: created once their database and their owner exist, dropped
 * before either would be. Only the databases whose spec names schemas are read, each in a session of its own; a spec
 * that names none costs no query.
 */
public final class SchemaKind implements PerDatabaseKind {

    public static final KindName NAME = new KindName("schema");

    /** The schemas each database's spec names, read with which of the owners they name are roles. */
    static final PerDatabase<SchemaSpec, LiveSchemas> SCHEMAS = new PerDatabase<>("schemas", DatabaseSpec::schemas,
            DatabaseKind::address, (session, sessions, databases, named) -> SchemaReader.read(session, sessions,
                    databases, named.stream().map(SchemaSpec::owner).filter(Objects::nonNull).distinct().toList()),
            (live, spec, findings) -> new SchemaPlanner(live, findings).plan(spec), SchemaExporter::into);

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
    public PerDatabase<?, ?> perDatabase() {
        return SCHEMAS;
    }
}
