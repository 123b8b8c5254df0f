package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.List;

/**
 * Writes each exported database's schemas into its spec, with their owners, so the exported spec plans clean; public
 * too, as its owner may have been changed. The server's own and the extensions' schemas were never read.
 */
final class SchemaExporter {

    private SchemaExporter() {
    }

    static Spec into(Spec exported, LiveSchemas live) {
        List<DatabaseSpec> databases = exported.databases().stream()
                .map(database -> database.withSchemas(live.in(database.name()).values().stream()
                        .map(schema -> new SchemaSpec(schema.name(), schema.owner(), State.PRESENT, null))
                        .toList()))
                .toList();
        return exported.toBuilder().databases(databases).build();
    }
}
