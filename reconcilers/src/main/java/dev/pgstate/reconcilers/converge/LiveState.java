package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.database.LiveDatabases;
import dev.pgstate.reconcilers.kind.hba.HbaState;
import dev.pgstate.reconcilers.kind.hba.LiveHba;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.membership.LiveMemberships;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.kind.role.RoleState;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.kind.setting.SettingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent observed on the server in one read: the server's facts and each kind's own live state, which the
 * kind's planner reads, and the kinds it needs read too. {@code kinds} holds what the kinds that read themselves
 * found: first what they read in the snapshot ({@code ManagedKind#readInSnapshot}), then the rest (pg_hba.conf only
 * when the spec manages it, since that needs the agent on the server's box), each in the registry's order.
 */
public record LiveState(ServerInfo server, List<KindState> kinds) {

    public LiveState {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    /** A live state read without the server's configuration and pg_hba.conf (the spec manages neither). */
    public LiveState(ServerInfo server, Map<String, LiveRole> roles, List<LiveMembership> memberships,
                     Map<String, LiveDatabase> databases, List<RoleDependency> roleDependencies) {
        this(server, List.of(new RoleState(server, new LiveRoles(roles, roleDependencies)),
                        new MembershipState(server, new LiveMemberships(memberships)),
                        new LiveDatabases(server, databases)));
    }

    /** The server's roles, as their kind read them; none when they were not read. */
    public LiveRoles roles() {
        return state(RoleState.class).map(RoleState::live).orElse(LiveRoles.NONE);
    }

    /** The server's configuration, as the setting kind read it; none when the spec manages no parameter. */
    public LiveSettings settings() {
        return state(SettingState.class).map(SettingState::live).orElse(LiveSettings.NONE);
    }

    /** The server's membership grants, as their kind read them; none when they were not read. */
    public LiveMemberships memberships() {
        return state(MembershipState.class).map(MembershipState::live).orElse(LiveMemberships.NONE);
    }

    /** The server's databases by name, as their kind read them; none when it was not read. */
    public Map<String, LiveDatabase> databases() {
        return state(LiveDatabases.class).map(LiveDatabases::byName).orElse(Map.of());
    }

    /** What the kind whose state is a {@code type} read, if it was read. */
    private <T extends KindState> Optional<T> state(Class<T> type) {
        return kinds.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** pg_hba.conf as read for a spec that manages it; empty otherwise. */
    public Optional<LiveHba> hba() {
        return state(HbaState.class).map(HbaState::live);
    }

    /** With what the registry's kinds read themselves ({@code ManagedKind#read}), after what they read in the snapshot. */
    public LiveState plusKinds(List<KindState> read) {
        List<KindState> all = new ArrayList<>(kinds);
        all.addAll(read);
        return new LiveState(server, all);
    }
}
