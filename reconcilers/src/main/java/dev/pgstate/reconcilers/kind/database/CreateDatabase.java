package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.util.List;
import java.util.Set;

public record CreateDatabase(String database, List<AttributeChange<DatabaseAttribute>> attributes) implements Change {
    public CreateDatabase {
        attributes = List.copyOf(attributes);
    }

    public Address address() {
        return DatabaseKind.address(database);
    }

    public Action action() {
        return Action.CREATE;
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    public String reason() {
        return "the spec names it and the server does not have it";
    }

    public Execution execution() {
        return Execution.AUTOCOMMIT_CONCURRENTLY;
    }

    public List<String> statements(ServerInfo server) {
        return List.of(new DatabaseStatements(server).create(database, attributes));
    }

    /** What it names. */
    public Set<Address> needs() {
        return DatabaseAttribute.needs(address(), attributes);
    }
}
