package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.InDatabase;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import java.util.List;
import java.util.Set;

/**
 * CREATE EXTENSION in {@code database}. {@code version} is the one the spec names, or the server's default, shown so
 * the plan says what will be installed; {@code schema} is null when the spec leaves it to the server.
 */
public record CreateExtension(String database, String extension, String version, String schema, boolean cascade)
        implements InDatabase {

    public Address address() {
        return ExtensionKind.address(database, extension);
    }

    public Action action() {
        return Action.CREATE;
    }

    public List<AttributeChange<ExtensionAttribute>> attributes() {
        return schema == null ? List.of(AttributeChange.created(ExtensionAttribute.VERSION, version))
                : List.of(AttributeChange.created(ExtensionAttribute.VERSION, version),
                        AttributeChange.created(ExtensionAttribute.SCHEMA, schema));
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    public String reason() {
        return "the spec names it and the database does not have it"
                + (cascade ? "; cascade: the extensions it requires are installed too" : "");
    }

    public List<String> statements(ServerInfo server) {
        return List.of(ExtensionStatements.create(extension, schema, version, cascade));
    }

    /** Its database. */
    public Set<Address> needs() {
        return Set.of(DatabaseKind.address(database));
    }
}
