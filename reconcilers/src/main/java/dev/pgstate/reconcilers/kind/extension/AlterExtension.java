package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.InDatabase;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.core.sql.Values;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import java.util.List;
import java.util.Set;

/** ALTER EXTENSION in {@code database}: UPDATE TO the spec's version, then SET SCHEMA, in one transaction. */
public record AlterExtension(String database, String extension, List<AttributeChange<ExtensionAttribute>> attributes)
        implements InDatabase {

    public AlterExtension {
        attributes = List.copyOf(attributes);
    }

    public Address address() {
        return ExtensionKind.address(database, extension);
    }

    public Action action() {
        return Action.ALTER;
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    public String reason() {
        return "its version or schema differs from the spec";
    }

    public List<String> statements(ServerInfo server) {
        return attributes.stream().map(change -> change.attribute() == ExtensionAttribute.VERSION
                ? ExtensionStatements.updateTo(extension, Values.text(change))
                : ExtensionStatements.setSchema(extension, Values.text(change))).toList();
    }

    /** Its database. */
    public Set<Address> needs() {
        return Set.of(DatabaseKind.address(database));
    }
}
