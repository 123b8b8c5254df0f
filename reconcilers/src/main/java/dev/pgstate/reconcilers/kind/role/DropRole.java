package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.reconcilers.core.apply.DatabaseConnections;
import dev.pgstate.reconcilers.core.apply.InDatabaseException;
import dev.pgstate.reconcilers.core.apply.PreparedAlone;
import dev.pgstate.reconcilers.core.apply.StatementRunner;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.sql.Connection;
import java.util.List;
import java.util.Set;

/**
 * Drops a role. When it owns objects or holds privileges, {@code reassignOwnedTo} receives what it owns
 * in every database and its remaining privileges are dropped first.
 *
 * @param lockouts the connections that get in through this role as a group and no longer would (pg_hba.conf's
 *                 {@code +group}), in words
 */
public record DropRole(String role, String reassignOwnedTo, List<RoleDependency> dependencies, List<String> lockouts)
        implements Change, PreparedAlone {
    public DropRole {
        dependencies = List.copyOf(dependencies);
        lockouts = List.copyOf(lockouts);
    }

    public DropRole(String role, String reassignOwnedTo, List<RoleDependency> dependencies) {
        this(role, reassignOwnedTo, dependencies, List.of());
    }

    public DropRole withLockouts(List<String> connections) {
        return new DropRole(role, reassignOwnedTo, dependencies, connections);
    }

    public Address address() {
        return RoleKind.address(role);
    }

    public Action action() {
        return Action.DROP;
    }

    public List<AttributeChange<RoleAttribute>> attributes() {
        return List.of();
    }

    public Set<Risk> risks() {
        return lockouts.isEmpty() ? Set.of(Risk.DESTRUCTIVE) : Set.of(Risk.DESTRUCTIVE, Risk.MAY_LOCK_OUT);
    }

    public String reason() {
        return reassignOwnedTo == null
                ? "the spec says state: absent"
                : "the spec says state: absent; what it owns goes to \"" + reassignOwnedTo + "\"";
    }

    /** A drop that hands objects to an heir runs alone, after the handing over in every database. */
    public Execution execution() {
        return releasesOwnedObjects() ? Execution.AUTOCOMMIT : Execution.TRANSACTION;
    }

    public List<String> statements(ServerInfo server) {
        return List.of(RoleStatements.drop(role));
    }

    /** The role and its heir. */
    public Set<Address> needs() {
        return reassignOwnedTo == null ? Set.of(address()) : Set.of(address(), RoleKind.address(reassignOwnedTo));
    }

    @Override
    public void prepare(Connection maintenance, DatabaseConnections connections, StatementRunner runner)
            throws InDatabaseException {
        if (releasesOwnedObjects()) {
            new OwnedObjects(connections, runner).release(maintenance, this);
        }
    }

    private boolean releasesOwnedObjects() {
        return reassignOwnedTo != null && !dependencies.isEmpty();
    }
}
