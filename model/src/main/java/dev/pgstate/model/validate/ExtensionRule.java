package dev.pgstate.model.validate;

import dev.pgstate.model.load.FieldPath;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.HashMap;
import java.util.Map;

/**
 * Each extension of a database is named once, with a name, version and schema PostgreSQL can hold as they are; one
 * the spec drops takes no version or schema, which would say the author meant to keep it. Whether the server has the
 * extension and the version is the planner's to say, as only the server knows.
 */
final class ExtensionRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.databases().size(); i++) {
            DatabaseSpec database = spec.databases().get(i);
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int j = 0; j < database.extensions().size(); j++) {
                ExtensionSpec extension = database.extensions().get(j);
                String entry = FieldPath.index(Problems.database(i, "extensions"), j);
                checkName(entry, "name", extension.name(), problems);
                checkName(entry, "schema", extension.schema(), problems);
                checkVersion(FieldPath.key(entry, "version"), extension.version(), problems);
                Integer first = firstIndex.putIfAbsent(extension.name(), j);
                if (first != null) {
                    problems.add(FieldPath.key(entry, "name"), "extension \"" + extension.name()
                            + "\" is already listed at " + FieldPath.index(Problems.database(i, "extensions"), first));
                }
                if (extension.state() == State.ABSENT) {
                    checkAbsent(entry, extension, problems);
                }
            }
        }
    }

    /** Identifiers of at most 63 bytes on the server, and one line in a plan. */
    private static void checkName(String entry, String key, String name, Problems problems) {
        String field = FieldPath.key(entry, key);
        NameRule.checkName(name, field, problems);
        ControlCharacterRule.check(field, name, problems);
    }

    /** A version is text of any length on the server, but never empty, and one line in a plan. */
    private static void checkVersion(String field, String version, Problems problems) {
        if (version != null && version.isEmpty()) {
            problems.add(field, "must not be empty");
        }
        ControlCharacterRule.check(field, version, problems);
    }

    private static void checkAbsent(String entry, ExtensionSpec extension, Problems problems) {
        String extra = extension.version() != null ? "version" : extension.schema() != null ? "schema" : null;
        if (extra != null) {
            problems.add(FieldPath.key(entry, extra), "an absent extension takes only name, state and cascade; remove "
                    + (extension.version() != null && extension.schema() != null ? "version, schema" : extra));
        }
    }
}
