package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.PerDatabase;
import dev.pgstate.reconcilers.core.plan.PerDatabaseKind;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import java.util.List;

/**
 * Extensions live in databases: created once their database exists, dropped before it would be. Only the databases
 * whose spec names extensions are read, each in a session of its own; a spec that names none costs no query.
 */
public final class ExtensionKind implements PerDatabaseKind {

    public static final KindName NAME = new KindName("extension");

    /** The extensions each database's spec names, read with the update paths of those that name a version. */
    static final PerDatabase<ExtensionSpec, LiveExtensions> EXTENSIONS = new PerDatabase<>("extensions",
            DatabaseSpec::extensions, DatabaseKind::address,
            (session, sessions, databases, named) -> ExtensionReader.read(session, sessions, databases, named.stream()
                    .filter(extension -> extension.version() != null).map(ExtensionSpec::name).distinct().toList()),
            (live, spec, findings) -> new ExtensionPlanner(live, findings).plan(spec), ExtensionExporter::into);

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(DatabaseKind.NAME);
    }

    @Override
    public PerDatabase<?, ?> perDatabase() {
        return EXTENSIONS;
    }

    /** {@code extension.appdb.hstore}: an extension by its database and its name. */
    static Address address(String database, String extension) {
        return Address.of(NAME, database, extension);
    }
}
