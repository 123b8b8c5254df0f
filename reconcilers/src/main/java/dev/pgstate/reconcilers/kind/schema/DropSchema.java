package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.DropInDatabase;
import java.util.List;
import java.util.Set;

/** DROP SCHEMA in {@code database}; without {@code cascade} refused (2BP01) while the schema holds anything. */
public record DropSchema(String database, String schema, String owner, boolean cascade) implements DropInDatabase {

    public Address address() {
        return SchemaKind.address(database, schema);
    }

    public List<AttributeChange<SchemaAttribute>> attributes() {
        return List.of(new AttributeChange<>(SchemaAttribute.OWNER, owner, null));
    }

    public String cascadeTakes() {
        return "what is in it";
    }

    public List<String> statements(ServerInfo server) {
        return List.of(SchemaStatements.drop(schema, cascade));
    }

    /** Its database, which must still be there to drop it from. */
    public Set<Address> needs() {
        return SchemaKind.placeAndOwner(database, null);
    }
}
