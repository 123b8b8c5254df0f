package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.InDatabase;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.util.List;
import java.util.Set;

/** ALTER SCHEMA … OWNER TO in {@code database}: the schema is given to the spec's owner. */
public record AlterSchema(String database, String schema, String ownerBefore, String owner) implements InDatabase {

    public Address address() {
        return SchemaKind.address(database, schema);
    }

    public Action action() {
        return Action.ALTER;
    }

    public List<AttributeChange<SchemaAttribute>> attributes() {
        return List.of(new AttributeChange<>(SchemaAttribute.OWNER, ownerBefore, owner));
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    public String reason() {
        return "its owner differs from the spec";
    }

    public List<String> statements(ServerInfo server) {
        return List.of(SchemaStatements.ownerTo(schema, owner));
    }

    /** Its database and its new owner, which the same plan may create. */
    public Set<Address> needs() {
        return SchemaKind.placeAndOwner(database, owner);
    }
}
