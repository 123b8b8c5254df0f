package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.model.spec.UnmanagedPolicy;
import dev.pgstate.model.spec.UnmanagedSpec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.database.DatabasePlanner;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies the spec's unmanaged policy: which unmanaged objects are listed, which are drift, and (with
 * {@code drop: true}) the spec with {@code state: absent} added for each drifting one, so the planners drop them
 * with every safety an absent role or database has. The agent's own role, predefined roles, the bootstrap
 * superuser and template databases are never added.
 */
public final class UnmanagedObjects {

    /** What the policy covers, as the daemon's metrics count it: roles, superusers apart, and databases. */
    public static final List<UnmanagedObject.Group> GROUPS = List.of(new UnmanagedObject.Group(RoleKind.NAME, true),
            new UnmanagedObject.Group(RoleKind.NAME, false), new UnmanagedObject.Group(DatabaseKind.NAME, false));

    private UnmanagedObjects() {
    }

    /** Every unmanaged object the policy does not ignore, by address. */
    static List<UnmanagedObject> of(Spec spec, LiveState live) {
        UnmanagedSpec policy = spec.unmanaged();
        List<UnmanagedObject> found = new ArrayList<>();
        // a set, not Spec.role per live role: that scan is quadratic, a second's work at 10,000 roles
        Set<String> specRoles = spec.roles().stream().map(RoleSpec::name).collect(Collectors.toSet());
        Set<String> specDatabases = spec.databases().stream().map(DatabaseSpec::name).collect(Collectors.toSet());
        for (LiveRole role : live.roles().byName().values()) {
            if (!role.isSystem() && !specRoles.contains(role.name())) {
                add(found, RoleKind.address(role.name()), role.superuser(), policy.forRole(role.superuser()));
            }
        }
        for (LiveDatabase database : live.databases().values()) {
            if (!DatabasePlanner.BOOTSTRAP_DATABASES.contains(database.name())
                    && !specDatabases.contains(database.name())) {
                add(found, DatabaseKind.address(database.name()), false, policy.databases());
            }
        }
        found.sort(Comparator.comparing(UnmanagedObject::address, Kinds.ORDER.addresses()));
        return found;
    }

    private static void add(List<UnmanagedObject> found, Address address, boolean superuser, UnmanagedPolicy policy) {
        if (policy != UnmanagedPolicy.IGNORE) {
            found.add(new UnmanagedObject(address, superuser, policy == UnmanagedPolicy.DRIFT));
        }
    }

    /** The spec to plan: with {@code drop: true}, each drifting object it may drop added as absent. */
    static Spec withDrops(Spec spec, LiveState live, List<UnmanagedObject> unmanaged) {
        if (!spec.unmanaged().drops()) {
            return spec;
        }
        List<RoleSpec> roles = new ArrayList<>(spec.roles());
        List<DatabaseSpec> databases = new ArrayList<>(spec.databases());
        for (UnmanagedObject object : unmanaged) {
            if (!object.drift()) {
                continue;
            }
            String name = object.address().names().get(0);
            if (RoleKind.NAME.equals(object.address().kind()) && !name.equals(live.server().currentUser())) {
                roles.add(RoleSpec.builder(name).state(State.ABSENT)
                        .reassignOwnedTo(spec.unmanaged().reassignOwnedTo()).build());
            } else if (DatabaseKind.NAME.equals(object.address().kind()) && !live.databases().get(name).isTemplate()) {
                databases.add(DatabaseSpec.builder(name).state(State.ABSENT).build());
            }
        }
        return Spec.builder().connection(spec.connection()).roles(roles).databases(databases)
                .server(spec.server()).hba(spec.hba()).tls(spec.tls()).unmanaged(spec.unmanaged()).lint(spec.lint())
                .build();
    }
}
