package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.database.LiveDatabases;
import dev.pgstate.reconcilers.kind.hba.LiveHba;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.membership.LiveMemberships;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the agent observed on the server in one read: the server's facts and each kind's own live state, which the
 * kind's planner reads, and the kinds it needs read too. {@code hba} is null unless the spec manages pg_hba.conf
 * (only then is the file read, since that needs the agent on the server's box); {@code kinds} holds what the kinds
 * that read themselves found: first what they read in the snapshot ({@code ManagedKind#readInSnapshot}), then the
 * rest, each in the registry's order.
 */
public record LiveState(
        ServerInfo server,
        LiveRoles roles,
        LiveSettings settings,
        LiveHba hba,
        List<KindState> kinds) {

    public LiveState {
        settings = settings == null ? LiveSettings.NONE : settings;
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    /** A live state read without the server's configuration and pg_hba.conf (the spec manages neither). */
    public LiveState(ServerInfo server, Map<String, LiveRole> roles, List<LiveMembership> memberships,
                     Map<String, LiveDatabase> databases, List<RoleDependency> roleDependencies) {
        this(server, new LiveRoles(roles, roleDependencies), LiveSettings.NONE, null,
                List.of(new MembershipState(server, new LiveMemberships(memberships)),
                        new LiveDatabases(server, databases)));
    }

    /** The server's membership grants, as their kind read them; none when they were not read. */
    public LiveMemberships memberships() {
        return kinds.stream().filter(MembershipState.class::isInstance).map(MembershipState.class::cast)
                .map(MembershipState::live).findFirst().orElse(LiveMemberships.NONE);
    }

    /** The server's databases by name, as their kind read them; none when it was not read. */
    public Map<String, LiveDatabase> databases() {
        return kinds.stream().filter(LiveDatabases.class::isInstance).map(LiveDatabases.class::cast)
                .map(LiveDatabases::byName).findFirst().orElse(Map.of());
    }

    public LiveState withHba(LiveHba read) {
        return new LiveState(server, roles, settings, read, kinds);
    }

    /** With what the registry's kinds read themselves ({@code ManagedKind#read}), after what they read in the snapshot. */
    public LiveState plusKinds(List<KindState> read) {
        List<KindState> all = new ArrayList<>(kinds);
        all.addAll(read);
        return new LiveState(server, roles, settings, hba, all);
    }
}
