package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;

/**
 * PostgreSQL refuses to create or drop roles whose names start with {@code pg_} (case-sensitive,
 * like the server's check). Membership in predefined roles such as {@code pg_monitor} is fine, so
 * only declared role names are checked, never {@code member_of} targets.
 */
final class ReservedRoleNameRule implements SpecRule {

    private static final String RESERVED_PREFIX = "pg_";

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            String name = spec.roles().get(i).name();
            if (name.startsWith(RESERVED_PREFIX)) {
                problems.add(Problems.role(i, "name"), "\"" + name + "\" starts with pg_, which PostgreSQL reserves "
                        + "for predefined roles; to grant one, list it under member_of of another role");
            }
        }
    }
}
