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

/**
 * Revokes a membership from every grantor that granted it (PostgreSQL 16 keeps one row per grantor).
 *
 * @param lockouts the connections that get in through this membership and no longer would (pg_hba.conf's
 *                 {@code +group}), in words
 */
public record RevokeMembership(String role, String member, List<String> grantors, List<String> lockouts)
        implements Change {
    public RevokeMembership {
        grantors = List.copyOf(grantors);
        lockouts = List.copyOf(lockouts);
    }

    public RevokeMembership(String role, String member, List<String> grantors) {
        this(role, member, grantors, List.of());
    }

    public RevokeMembership withLockouts(List<String> connections) {
        return new RevokeMembership(role, member, grantors, connections);
    }

    public Address address() {
        return MembershipKind.address(role, member);
    }

    public Action action() {
        return Action.REVOKE;
    }

    public List<AttributeChange<MembershipOption>> attributes() {
        return List.of();
    }

    public Set<Risk> risks() {
        return Set.of(Risk.MAY_LOCK_OUT);
    }

    public String reason() {
        return "the spec lists the memberships of \"" + member + "\" and this one is not among them";
    }

    public Execution execution() {
        return Execution.TRANSACTION;
    }

    public List<String> statements(ServerInfo server) {
        return new MembershipStatements(server).revoke(role, member, grantors);
    }

    /** What it names. */
    public Set<Address> needs() {
        return Set.of(RoleKind.address(role), RoleKind.address(member));
    }
}
