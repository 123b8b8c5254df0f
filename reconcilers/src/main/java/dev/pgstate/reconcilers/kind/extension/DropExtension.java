package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.DropInDatabase;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import java.util.List;
import java.util.Set;

/** DROP EXTENSION in {@code database}; without {@code cascade} refused while anything (a column of its type) needs it. */
public record DropExtension(String database, String extension, String version, boolean cascade)
        implements DropInDatabase {

    public Address address() {
        return ExtensionKind.address(database, extension);
    }

    public List<AttributeChange<ExtensionAttribute>> attributes() {
        return List.of(new AttributeChange<>(ExtensionAttribute.VERSION, version, null));
    }

    public String cascadeTakes() {
        return "what depends on it";
    }

    public List<String> statements(ServerInfo server) {
        return List.of(ExtensionStatements.drop(extension, cascade));
    }

    /** Its database, which must still be there to drop it from. */
    public Set<Address> needs() {
        return Set.of(DatabaseKind.address(database));
    }
}
