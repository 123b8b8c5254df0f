package dev.pgstate.model.validate;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;

/**
 * PostgreSQL refuses to create or drop roles whose names start with {@code pg_} (case-sensitive,
 * like the server's check). Membership in predefined roles such as {@code pg_monitor} is fine, so
 * only declared role names are checked for it. {@code public} and {@code none} (exactly so; {@code PUBLIC}
 * is an ordinary name once quoted) no role can have, nor be granted.
 */
final class ReservedRoleNameRule implements SpecRule {

    private static final String RESERVED_PREFIX = "pg_";

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            RoleSpec role = spec.roles().get(i);
            String name = role.name();
            checkReservedWord(name, Problems.role(i, "name"), problems);
            if (role.managesMemberships()) {
                for (int j = 0; j < role.memberOf().size(); j++) {
                    checkReservedWord(role.memberOf().get(j).role(), Problems.membership(i, j), problems);
                }
            }
            if (name.startsWith(RESERVED_PREFIX)) {
                problems.add(Problems.role(i, "name"), "\"" + name + "\" starts with pg_, which PostgreSQL reserves "
                        + "for predefined roles; to grant one, list it under member_of of another role");
            }
        }
    }

    private static void checkReservedWord(String name, String field, Problems problems) {
        if ("public".equals(name)) {
            problems.add(field, "\"public\" is reserved by PostgreSQL (it means every role), so no role can have this name");
        } else if ("none".equals(name)) {
            problems.add(field, "\"none\" is reserved by PostgreSQL, so no role can have this name");
        }
    }
}
