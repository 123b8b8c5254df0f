package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The server's roles by name and what each owns or holds privileges on (pg_shdepend), as read for one plan; indexed
 * once, so that planning stays linear in the number of roles (a fleet spec may name ten thousand).
 */
public final class LiveRoles {

    /** No role read. */
    public static final LiveRoles NONE = new LiveRoles(Map.of(), List.of());

    private final Map<String, LiveRole> byName;
    private final List<RoleDependency> dependencies;
    private final Map<String, List<RoleDependency>> dependenciesByRole;

    public LiveRoles(Map<String, LiveRole> byName, List<RoleDependency> dependencies) {
        this.byName = Map.copyOf(byName);
        this.dependencies = List.copyOf(dependencies);
        this.dependenciesByRole = this.dependencies.stream().collect(Collectors.groupingBy(RoleDependency::role));
    }

    public Map<String, LiveRole> byName() {
        return byName;
    }

    public Optional<LiveRole> role(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<RoleDependency> dependencies() {
        return dependencies;
    }

    public List<RoleDependency> dependenciesOf(String role) {
        return dependenciesByRole.getOrDefault(role, List.of());
    }

    /**
     * Whether a role exists once {@code spec} is applied: named present in it, or on the server and not named absent.
     * Indexes the spec's roles once; ask the predicate as often as needed.
     */
    public Predicate<String> existingAfter(Spec spec) {
        Map<String, State> named = spec.roles().stream()
                .collect(Collectors.toMap(RoleSpec::name, RoleSpec::state, (first, second) -> first));
        return name -> {
            State state = named.get(name);
            return state == null ? byName.containsKey(name) : state == State.PRESENT;
        };
    }

    /** The same roles and dependencies read, whatever the order: a planner keeps a plan made from equal ones. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof LiveRoles roles && roles.byName.equals(byName)
                && roles.dependencies.equals(dependencies);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }
}
