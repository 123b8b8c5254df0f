package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.connect.EachDatabase;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.PerDatabase;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Extensions live in databases: created once their database exists, dropped before it would be. Only the databases
 * whose spec names extensions are read, each in a session of its own; a spec that names none costs no query.
 */
public final class ExtensionKind implements ManagedKind {

    public static final KindName NAME = new KindName("extension");

    /** The extensions each database's spec names. */
    static final PerDatabase<ExtensionSpec> EXTENSIONS =
            new PerDatabase<>("extensions", DatabaseSpec::extensions, DatabaseKind::address);

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(DatabaseKind.NAME);
    }

    @Override
    public KindState read(Spec spec, Connection session, DatabaseSessions databases) throws SQLException {
        List<DatabaseSpec> naming = EXTENSIONS.naming(spec);
        List<String> versioned = EXTENSIONS.objects(spec).stream().filter(extension -> extension.version() != null)
                .map(ExtensionSpec::name).distinct().toList();
        return naming.isEmpty() ? KindState.NOTHING : state(ExtensionReader.read(session, databases,
                naming.stream().map(DatabaseSpec::name).toList(), versioned));
    }

    @Override
    public KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        return state(ExtensionReader.read(session, databases, EachDatabase.connectable(session), List.of()));
    }

    /** The extensions read for one plan or export, planned by {@link ExtensionPlanner}, exported by {@link ExtensionExporter}. */
    private static KindState state(LiveExtensions live) {
        return KindState.of(live, (read, spec, findings) -> new ExtensionPlanner(read, findings).plan(spec),
                ExtensionExporter::into);
    }

    /** {@code extension.appdb.hstore}: an extension by its database and its name. */
    static Address address(String database, String extension) {
        return Address.of(NAME, database, extension);
    }
}
