package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.database.LiveDatabases;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.membership.LiveMemberships;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.kind.role.RoleState;
import java.util.List;
import java.util.Map;

/** Live states for tests, as the role, membership and database kinds would have read them. */
public final class LiveStates {

    private LiveStates() {
    }

    /** A live state read without the server's configuration and pg_hba.conf (the spec manages neither). */
    public static LiveState of(ServerInfo server, Map<String, LiveRole> roles, List<LiveMembership> memberships,
                               Map<String, LiveDatabase> databases, List<RoleDependency> roleDependencies) {
        return new LiveState(server, List.of(new RoleState(server, new LiveRoles(roles, roleDependencies)),
                new MembershipState(server, new LiveMemberships(memberships)), new LiveDatabases(server, databases)));
    }
}
