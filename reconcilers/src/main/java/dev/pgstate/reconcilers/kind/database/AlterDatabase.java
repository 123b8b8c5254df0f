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

public record AlterDatabase(String database, List<AttributeChange<DatabaseAttribute>> attributes, Set<Risk> risks)
        implements Change {
    public AlterDatabase {
        attributes = List.copyOf(attributes);
        risks = Set.copyOf(risks);
    }

    public Address address() {
        return DatabaseKind.address(database);
    }

    public Action action() {
        return Action.ALTER;
    }

    public String reason() {
        return "its attributes differ from the spec";
    }

    public Execution execution() {
        return Execution.AUTOCOMMIT;
    }

    public List<String> statements(ServerInfo server) {
        return new DatabaseStatements(server).alter(database, attributes);
    }

    /** What it names. */
    public Set<Address> needs() {
        return DatabaseAttribute.needs(address(), attributes);
    }
}
