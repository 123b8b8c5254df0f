package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.connect.EachDatabase;
import java.util.Map;
import java.util.Set;

/**
 * The schemas of each database read, by name, and which of the owners the spec names are roles on the server
 * ({@code roles}), so an owner that is neither there nor in the spec is found at plan time.
 */
public record LiveSchemas(EachDatabase<Map<String, LiveSchema>> schemas, Set<String> roles) {

    public LiveSchemas {
        roles = Set.copyOf(roles);
    }

    /** The schemas of {@code database}, none when it was not read. */
    public Map<String, LiveSchema> in(String database) {
        return schemas.in(database, Map.of());
    }
}
