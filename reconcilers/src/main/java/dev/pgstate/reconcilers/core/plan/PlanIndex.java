package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The spec and the live state keyed by name, built once per plan, so that planning stays linear in the number
 * of objects (a fleet spec may name ten thousand roles).
 */
public final class PlanIndex {

    public final Spec spec;
    public final LiveState live;
    public final DesiredPasswords passwords;
    private final Map<String, RoleSpec> specRoles;
    private final Map<String, DatabaseSpec> specDatabases;
    private final Map<String, List<LiveMembership>> membershipsByMember;
    private final Map<String, List<RoleDependency>> dependenciesByRole;

    public PlanIndex(Spec spec, LiveState live, DesiredPasswords passwords) {
        this.spec = spec;
        this.live = live;
        this.passwords = passwords;
        this.specRoles = spec.roles().stream().collect(Collectors.toMap(RoleSpec::name, Function.identity(), (a, b) -> a));
        this.specDatabases = spec.databases().stream()
                .collect(Collectors.toMap(DatabaseSpec::name, Function.identity(), (a, b) -> a));
        this.membershipsByMember = live.memberships().stream().collect(Collectors.groupingBy(LiveMembership::member));
        this.dependenciesByRole = live.roleDependencies().stream().collect(Collectors.groupingBy(RoleDependency::role));
    }

    public Optional<RoleSpec> specRole(String name) {
        return Optional.ofNullable(specRoles.get(name));
    }

    public Optional<DatabaseSpec> specDatabase(String name) {
        return Optional.ofNullable(specDatabases.get(name));
    }

    /** True when the role exists once the plan is applied: named present in the spec, or live and not dropped. */
    public boolean roleWillExist(String name) {
        return specRole(name).map(r -> r.state() == State.PRESENT).orElseGet(() -> live.roles().containsKey(name));
    }

    public List<LiveMembership> membershipsOf(String member) {
        return membershipsByMember.getOrDefault(member, List.of());
    }

    /** The grant rows (one per grantor) that make {@code member} a member of {@code role}. */
    public List<LiveMembership> grants(String role, String member) {
        return membershipsOf(member).stream().filter(m -> m.role().equals(role)).toList();
    }

    public List<RoleDependency> dependenciesOf(String role) {
        return dependenciesByRole.getOrDefault(role, List.of());
    }
}
