package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.util.List;
import java.util.Set;

public record CreateRole(String role, List<AttributeChange<RoleAttribute>> attributes) implements Change {
    public CreateRole {
        attributes = List.copyOf(attributes);
    }

    public Address address() {
        return RoleKind.address(role);
    }

    public Action action() {
        return Action.CREATE;
    }

    public Set<Risk> risks() {
        return RoleAttribute.setsPassword(attributes) ? Set.of(Risk.TOUCHES_SECRET) : Set.of();
    }

    public String reason() {
        return "the spec names it and the server does not have it";
    }

    public Execution execution() {
        return Execution.TRANSACTION;
    }

    public List<String> statements(ServerInfo server) {
        return List.of(RoleStatements.create(role, attributes));
    }

    /** What it names. */
    public Set<Address> needs() {
        return Set.of(address());
    }
}
