package dev.pgstate.model.validate;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each member_of entry names another role, once, and one the spec keeps. */
final class MembershipRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        AbsentRoles absent = new AbsentRoles(spec);
        for (int i = 0; i < spec.roles().size(); i++) {
            RoleSpec role = spec.roles().get(i);
            if (role.managesMemberships()) {
                checkMemberships(i, role, absent, problems);
            }
        }
    }

    private static void checkMemberships(int roleIndex, RoleSpec role, AbsentRoles absent, Problems problems) {
        List<String> targets = role.memberOf().stream().map(membership -> membership.role()).toList();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int j = 0; j < targets.size(); j++) {
            String target = targets.get(j);
            String field = Problems.membership(roleIndex, j);
            if (target.equals(role.name())) {
                problems.add(field, "a role cannot be a member of itself");
            }
            Integer first = firstIndex.putIfAbsent(target, j);
            if (first != null) {
                problems.add(field, "\"" + target + "\" is already listed at " + Problems.membership(roleIndex, first));
            }
            absent.dropped(target).ifPresent(dropped ->
                    problems.add(field, dropped + "; a role cannot be a member of a role the spec drops"));
        }
    }
}
