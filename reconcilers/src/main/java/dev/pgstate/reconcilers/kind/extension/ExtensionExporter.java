package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.List;

/**
 * Writes each exported database's extensions into its spec, with version and schema, so the exported spec plans
 * clean. plpgsql is left out: initdb installs it in every database, and a spec that does not name it leaves it be.
 */
final class ExtensionExporter {

    private static final String IN_EVERY_DATABASE = "plpgsql";

    private ExtensionExporter() {
    }

    static Spec into(Spec exported, LiveExtensions live) {
        List<DatabaseSpec> databases = exported.databases().stream()
                .map(database -> database.withExtensions(live.in(database.name()).values().stream()
                        .filter(extension -> !extension.name().equals(IN_EVERY_DATABASE))
                        .map(extension -> new ExtensionSpec(extension.name(), extension.version(), extension.schema(),
                                State.PRESENT, null))
                        .toList()))
                .toList();
        return exported.toBuilder().databases(databases).build();
    }
}
