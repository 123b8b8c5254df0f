package dev.pgstate.model.validate;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;

/**
 * {@code reassign_owned_to} says who inherits a dropped role's objects, so it needs a role that is
 * being dropped and an heir that is kept.
 */
final class ReassignOwnedRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        AbsentRoles absent = new AbsentRoles(spec);
        for (int i = 0; i < spec.roles().size(); i++) {
            RoleSpec role = spec.roles().get(i);
            String heir = role.reassignOwnedTo();
            if (heir == null) {
                continue;
            }
            String field = Problems.role(i, "reassign_owned_to");
            if (role.state() != State.ABSENT) {
                problems.add(field, "applies only to a role with state: absent");
            } else if (heir.equals(role.name())) {
                problems.add(field, "cannot be the role being dropped");
            } else {
                absent.dropped(heir).ifPresent(dropped ->
                        problems.add(field, dropped + "; reassign to a role the spec keeps"));
            }
        }
    }
}
