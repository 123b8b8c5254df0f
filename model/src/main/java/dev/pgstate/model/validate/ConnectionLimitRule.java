package dev.pgstate.model.validate;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;

/** PostgreSQL takes -1 for "no limit" and refuses anything lower. */
final class ConnectionLimitRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            checkLimit(spec.roles().get(i).connectionLimit(), Problems.role(i, "connection_limit"), problems);
        }
        for (int i = 0; i < spec.databases().size(); i++) {
            checkLimit(spec.databases().get(i).connectionLimit(), Problems.database(i, "connection_limit"), problems);
        }
    }

    private static void checkLimit(Integer limit, String field, Problems problems) {
        if (limit != null && limit < RoleSpec.NO_CONNECTION_LIMIT) {
            problems.add(field, "expected -1 (no limit) or more, found " + limit);
        }
    }
}
