package dev.pgstate.reconcilers.plan;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.live.LiveRole;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.live.RoleDependency;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Plans role creation, attribute changes and drops; lists roles the spec does not name as unmanaged. */
final class RolePlanner {

    private final PlanIndex index;
    private final Spec spec;
    private final LiveState live;
    private final Findings out;

    RolePlanner(PlanIndex index, Findings out) {
        this.index = index;
        this.spec = index.spec;
        this.live = index.live;
        this.out = out;
    }

    void plan() {
        for (RoleSpec role : spec.roles()) {
            LiveRole existing = live.roles().get(role.name());
            if (role.state() == State.ABSENT) {
                if (existing != null) {
                    planDrop(role, existing);
                }
            } else if (existing == null) {
                out.changes.add(new Change.CreateRole(role.name(), createdAttributes(role)));
            } else {
                planAlter(role, existing);
            }
        }
        live.roles().values().stream()
                .filter(r -> !r.isSystem() && index.specRole(r.name()).isEmpty())
                .map(r -> Address.role(r.name()))
                .forEach(out.unmanaged::add);
    }

    private static List<AttributeChange<RoleAttribute>> createdAttributes(RoleSpec role) {
        List<AttributeChange<RoleAttribute>> attributes = new ArrayList<>();
        for (RoleAttribute attribute : RoleAttribute.values()) {
            Object desired = attribute.desired(role);
            if (desired != null) {
                attributes.add(AttributeChange.created(attribute, desired));
            }
        }
        return attributes;
    }

    private void planAlter(RoleSpec role, LiveRole existing) {
        List<AttributeChange<RoleAttribute>> attributes = new ArrayList<>();
        for (RoleAttribute attribute : RoleAttribute.values()) {
            Object desired = attribute.desired(role);
            Object observed = attribute.observed(existing);
            if (desired != null && !desired.equals(observed)) {
                attributes.add(new AttributeChange<>(attribute, observed, desired));
            }
        }
        if (attributes.isEmpty()) {
            return;
        }
        if (isBootstrapSuperuser(role.name()) && losesAccess(attributes, role.name())) {
            out.manualActions.add(new ManualAction(Address.role(role.name()), "superuser/login", "false", "true",
                    "the bootstrap superuser keeps SUPERUSER and LOGIN; the agent will not take them away"));
            return;
        }
        out.changes.add(new Change.AlterRole(role.name(), attributes, risks(role.name(), attributes)));
    }

    private Set<Risk> risks(String role, List<AttributeChange<RoleAttribute>> attributes) {
        return losesAccess(attributes, role) ? EnumSet.of(Risk.MAY_LOCK_OUT) : EnumSet.noneOf(Risk.class);
    }

    /** Login taken away or capped at zero, or the agent's own user losing superuser. */
    private boolean losesAccess(List<AttributeChange<RoleAttribute>> attributes, String role) {
        boolean isAgent = role.equals(live.server().currentUser());
        return attributes.stream().anyMatch(a -> switch (a.attribute()) {
            case LOGIN -> Boolean.FALSE.equals(a.after());
            case CONNECTION_LIMIT -> Integer.valueOf(0).equals(a.after());
            case SUPERUSER -> isAgent && Boolean.FALSE.equals(a.after());
            default -> false;
        });
    }

    private boolean isBootstrapSuperuser(String role) {
        return role.equals(live.server().bootstrapSuperuser());
    }

    private void planDrop(RoleSpec role, LiveRole existing) {
        Address address = Address.role(role.name());
        if (existing.isSystem() || isBootstrapSuperuser(role.name())) {
            out.manualActions.add(new ManualAction(address, "state", "absent", "present",
                    "predefined roles and the bootstrap superuser are never dropped"));
            return;
        }
        if (role.name().equals(live.server().currentUser())) {
            out.manualActions.add(new ManualAction(address, "state", "absent", "present",
                    "the agent connects as this role and cannot drop itself"));
            return;
        }
        String heir = role.reassignOwnedTo();
        if (heir != null && !index.roleWillExist(heir)) {
            out.problems.add(address + ": reassign_owned_to names role \"" + heir
                    + "\", which is neither in the spec nor on the server");
            return;
        }
        List<RoleDependency> dependencies = index.dependenciesOf(role.name());
        if (!dependencies.isEmpty() && heir == null) {
            out.manualActions.add(new ManualAction(address, "state", "absent", "present",
                    "it is still " + dependencies.stream().map(RoleDependency::describe)
                            .collect(Collectors.joining("; "))
                    + "; name a reassign_owned_to role to hand them over and drop it"));
            return;
        }
        out.changes.add(new Change.DropRole(role.name(), heir, dependencies));
    }
}
