package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.InDatabase;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.util.List;
import java.util.Set;

/**
 * DROP SCHEMA in {@code database}, only for {@code state: absent}. Without {@code cascade} the server refuses while the
 * schema holds anything (2BP01), and the apply reports that; with it, what the schema holds goes too.
 */
public record DropSchema(String database, String schema, String owner, boolean cascade) implements InDatabase {

    public Address address() {
        return SchemaKind.address(database, schema);
    }

    public Action action() {
        return Action.DROP;
    }

    public List<AttributeChange<SchemaAttribute>> attributes() {
        return List.of(new AttributeChange<>(SchemaAttribute.OWNER, owner, null));
    }

    public Set<Risk> risks() {
        return Set.of(Risk.DESTRUCTIVE);
    }

    public String reason() {
        return "the spec marks it absent" + (cascade ? "; cascade: what is in it is dropped too" : "");
    }

    public List<String> statements(ServerInfo server) {
        return List.of(SchemaStatements.drop(schema, cascade));
    }

    /** Its database, which must still be there to drop it from. */
    public Set<Address> needs() {
        return SchemaKind.placeAndOwner(database, null);
    }
}
