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

/** Grants a membership; a {@code null} option is left to the server's default. */
public record GrantMembership(String role, String member, List<AttributeChange<MembershipOption>> attributes)
        implements Change {
    public GrantMembership {
        attributes = List.copyOf(attributes);
    }

    public Address address() {
        return MembershipKind.address(role, member);
    }

    public Action action() {
        return Action.GRANT;
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    public String reason() {
        return "the spec makes \"" + member + "\" a member of \"" + role + "\"";
    }

    public Execution execution() {
        return Execution.TRANSACTION;
    }

    public List<String> statements(ServerInfo server) {
        return List.of(new MembershipStatements(server).grant(role, member, attributes));
    }

    /** What it names. */
    public Set<Address> needs() {
        return Set.of(RoleKind.address(role), RoleKind.address(member));
    }
}
