package dev.pgstate.model.validate;

import dev.pgstate.model.load.FieldPath;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.HashMap;
import java.util.Map;

/**
 * Each schema of a database is named once, with a name PostgreSQL can hold and create: not the server's own
 * ({@code pg_} is reserved for them, information_schema is in every database), and no NUL. Any other character is
 * allowed, a line break or a quote too: a schema's name reaches only SQL, quoted, and plans, escaped. Its owner is a
 * role as roles are named, and not one the spec drops. One the spec drops takes no owner, which would say the author
 * meant to keep it; {@code cascade} is for a drop only.
 */
final class SchemaRule implements SpecRule {

    private static final String SERVERS_OWN = "information_schema";

    @Override
    public void check(Spec spec, Problems problems) {
        AbsentRoles absent = new AbsentRoles(spec);
        for (int i = 0; i < spec.databases().size(); i++) {
            DatabaseSpec database = spec.databases().get(i);
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int j = 0; j < database.schemas().size(); j++) {
                SchemaSpec schema = database.schemas().get(j);
                String entry = FieldPath.index(Problems.database(i, "schemas"), j);
                checkName(FieldPath.key(entry, "name"), schema.name(), problems);
                checkOwner(FieldPath.key(entry, "owner"), schema.owner(), absent, problems);
                Integer first = firstIndex.putIfAbsent(schema.name(), j);
                if (first != null) {
                    problems.add(FieldPath.key(entry, "name"), "schema \"" + schema.name()
                            + "\" is already listed at " + FieldPath.index(Problems.database(i, "schemas"), first));
                }
                if (schema.state() == State.ABSENT && schema.owner() != null) {
                    problems.add(FieldPath.key(entry, "owner"),
                            "an absent schema takes only name, state and cascade; remove owner");
                } else if (schema.state() == State.PRESENT && schema.cascade() != null) {
                    problems.add(FieldPath.key(entry, "cascade"), "cascade is for dropping a schema (state: absent)");
                }
            }
        }
    }

    private static void checkName(String field, String name, Problems problems) {
        NameRule.checkName(name, field, problems);
        if (name.indexOf('\0') >= 0) {
            problems.add(field, "must not hold a NUL character, which PostgreSQL cannot store in a name");
        } else if (name.startsWith("pg_") || name.equals(SERVERS_OWN)) {
            problems.add(field, "\"" + name + "\" is the server's own (pg_ is reserved for system schemas, "
                    + SERVERS_OWN + " is in every database); it is not managed");
        }
    }

    private static void checkOwner(String field, String owner, AbsentRoles absent, Problems problems) {
        NameRule.checkName(owner, field, problems);
        ControlCharacterRule.check(field, owner, problems);
        if (owner != null) {
            absent.dropped(owner).ifPresent(dropped -> problems.add(field,
                    dropped + "; a schema cannot be owned by a role the spec drops"));
        }
    }
}
