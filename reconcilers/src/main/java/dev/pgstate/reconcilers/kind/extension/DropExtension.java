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
 * DROP EXTENSION in {@code database}, only for {@code state: absent}. Without {@code cascade} the server refuses while
 * anything depends on the extension (a column of its type, say), and the apply reports that; with it, those go too.
 */
public record DropExtension(String database, String extension, String version, boolean cascade) implements InDatabase {

    public Address address() {
        return ExtensionKind.address(database, extension);
    }

    public Action action() {
        return Action.DROP;
    }

    public List<AttributeChange<ExtensionAttribute>> attributes() {
        return List.of(new AttributeChange<>(ExtensionAttribute.VERSION, version, null));
    }

    public Set<Risk> risks() {
        return Set.of(Risk.DESTRUCTIVE);
    }

    public String reason() {
        return "the spec marks it absent" + (cascade ? "; cascade: what depends on it is dropped too" : "");
    }

    public List<String> statements(ServerInfo server) {
        return List.of(ExtensionStatements.drop(extension, cascade));
    }

    /** Its database, which must still be there to drop it from. */
    public Set<Address> needs() {
        return Set.of(DatabaseKind.address(database));
    }
}
