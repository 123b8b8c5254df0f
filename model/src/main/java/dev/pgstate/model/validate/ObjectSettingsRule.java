package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;
import java.util.Map;

/**
 * The settings of roles and databases (ALTER ROLE/DATABASE … SET) are named as server parameters are; whether a
 * parameter may be set per role or database depends on the server, and is checked at plan time against its
 * pg_settings.
 */
final class ObjectSettingsRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.roles().size(); i++) {
            check(spec.roles().get(i).settings(), Problems.role(i, "settings"), problems);
        }
        for (int i = 0; i < spec.databases().size(); i++) {
            check(spec.databases().get(i).settings(), Problems.database(i, "settings"), problems);
        }
    }

    private static void check(Map<String, String> settings, String field, Problems problems) {
        if (settings != null) {
            ServerRule.checkParameters(field, settings, problems, (name, parameter) -> true);
        }
    }
}
