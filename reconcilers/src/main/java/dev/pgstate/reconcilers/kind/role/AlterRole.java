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

/** {@code lockouts}: how it would stop the agent logging in, when the agent connects as this role. */
public record AlterRole(String role, List<AttributeChange<RoleAttribute>> attributes, Set<Risk> risks,
                 List<String> lockouts) implements Change {
    public AlterRole {
        attributes = List.copyOf(attributes);
        risks = Set.copyOf(risks);
        lockouts = List.copyOf(lockouts);
    }

    /** A change that leaves the agent's own login alone. */
    public AlterRole(String role, List<AttributeChange<RoleAttribute>> attributes, Set<Risk> risks) {
        this(role, attributes, risks, List.of());
    }

    public Address address() {
        return RoleKind.address(role);
    }

    public Action action() {
        return Action.ALTER;
    }

    /** The password's difference is in words that never contain it, e.g. "password: stored as md5". */
    public String reason() {
        String reason = "its attributes differ from the spec" + attributes.stream()
                .filter(a -> a.attribute() == RoleAttribute.PASSWORD)
                .map(a -> "; password: " + a.before()).findFirst().orElse("");
        return lockouts.isEmpty() ? reason : reason + "; apply will refuse: " + String.join("; ", lockouts);
    }

    public Execution execution() {
        return Execution.TRANSACTION;
    }

    public List<String> statements(ServerInfo server) {
        return RoleStatements.alter(role, attributes);
    }

    /** What it names. */
    public Set<Address> needs() {
        return Set.of(address());
    }
}
