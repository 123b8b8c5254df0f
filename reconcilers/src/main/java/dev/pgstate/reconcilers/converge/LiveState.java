package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.hba.LiveHba;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the agent observed on the server in one read, keyed by object name; {@code hba} is null unless the
 * spec manages pg_hba.conf (only then is the file read, since that needs the agent on the server's box); {@code kinds}
 * holds what the kinds that read themselves found, in the registry's order.
 */
public record LiveState(
        ServerInfo server,
        Map<String, LiveRole> roles,
        List<LiveMembership> memberships,
        Map<String, LiveDatabase> databases,
        List<RoleDependency> roleDependencies,
        LiveSettings settings,
        LiveHba hba,
        List<KindState> kinds) {

    public LiveState {
        roles = Map.copyOf(roles);
        memberships = List.copyOf(memberships);
        databases = Map.copyOf(databases);
        roleDependencies = List.copyOf(roleDependencies);
        settings = settings == null ? LiveSettings.NONE : settings;
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    /** A live state read without the server's configuration and pg_hba.conf (the spec manages neither). */
    public LiveState(ServerInfo server, Map<String, LiveRole> roles, List<LiveMembership> memberships,
                     Map<String, LiveDatabase> databases, List<RoleDependency> roleDependencies) {
        this(server, roles, memberships, databases, roleDependencies, LiveSettings.NONE, null, null);
    }

    public LiveState withHba(LiveHba read) {
        return new LiveState(server, roles, memberships, databases, roleDependencies, settings, read, kinds);
    }

    /** With what the registry's kinds read themselves ({@code ManagedKind#read}). */
    public LiveState withKinds(List<KindState> read) {
        return new LiveState(server, roles, memberships, databases, roleDependencies, settings, hba, read);
    }

    public Optional<LiveRole> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    public Optional<LiveDatabase> database(String name) {
        return Optional.ofNullable(databases.get(name));
    }

    /** The grant rows (one per grantor) that make {@code member} a member of {@code role}. */
    public List<LiveMembership> grants(String role, String member) {
        return memberships.stream().filter(m -> m.role().equals(role) && m.member().equals(member)).toList();
    }

    public List<RoleDependency> dependenciesOf(String role) {
        return roleDependencies.stream().filter(d -> d.role().equals(role)).toList();
    }
}
