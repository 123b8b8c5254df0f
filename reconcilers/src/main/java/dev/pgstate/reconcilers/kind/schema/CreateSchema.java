package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.InDatabase;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.List;
import java.util.Set;

/** CREATE SCHEMA in {@code database}, given to {@code owner}; {@code owner} is null when the spec leaves it open. */
public record CreateSchema(String database, String schema, String owner) implements InDatabase {

    public Address address() {
        return SchemaKind.address(database, schema);
    }

    public Action action() {
        return Action.CREATE;
    }

    public List<AttributeChange<SchemaAttribute>> attributes() {
        return owner == null ? List.of() : List.of(AttributeChange.created(SchemaAttribute.OWNER, owner));
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    public String reason() {
        return "the spec names it and the database does not have it";
    }

    public List<String> statements(ServerInfo server) {
        return List.of(SchemaStatements.create(schema, owner));
    }

    /** Its database and its owner, which the same plan may create. */
    public Set<Address> needs() {
        return SchemaKind.placeAndOwner(database, owner);
    }
}
