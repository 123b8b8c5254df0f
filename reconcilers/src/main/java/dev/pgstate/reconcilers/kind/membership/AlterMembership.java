package dev.pgstate.reconcilers.kind.membership;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.List;
import java.util.Set;

/** Changes grant options; a revoked option is revoked for each grantor that gave it. */
public record AlterMembership(String role, String member, List<AttributeChange<MembershipOption>> attributes,
                       List<String> grantors) implements Change {
    public AlterMembership {
        attributes = List.copyOf(attributes);
        grantors = List.copyOf(grantors);
    }

    public Address address() {
        return MembershipKind.address(role, member);
    }

    public Action action() {
        return Action.ALTER;
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    public String reason() {
        return "its grant options differ from the spec";
    }

    public Execution execution() {
        return Execution.TRANSACTION;
    }

    public List<String> statements(ServerInfo server) {
        return new MembershipStatements(server).alter(role, member, attributes, grantors);
    }

    /** What it names. */
    public Set<Address> needs() {
        return Set.of(RoleKind.address(role), RoleKind.address(member));
    }
}
