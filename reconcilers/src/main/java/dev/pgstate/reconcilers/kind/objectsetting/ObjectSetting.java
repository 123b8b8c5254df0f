package dev.pgstate.reconcilers.kind.objectsetting;

import dev.pgstate.reconcilers.core.plan.Attribute;
import java.util.List;
import java.util.Objects;

/**
 * One parameter a role or a database is to give its sessions, as ALTER ROLE/DATABASE … SET writes it: {@code value}
 * as the spec has it, {@code items} its list form for a list the server quotes item by item (then written as one
 * literal per item), or {@code null} value to RESET it.
 */
public record ObjectSetting(String name, String value, List<String> items) {

    public ObjectSetting {
        Objects.requireNonNull(name, "name");
        items = List.copyOf(items);
    }

    public static ObjectSetting reset(String name) {
        return new ObjectSetting(name, null, List.of());
    }

    public boolean isReset() {
        return value == null;
    }

    /** The plan's attribute for one parameter: {@code settings.work_mem}. */
    public record Parameter(String name) implements Attribute {

        public Parameter {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String key() {
            return "settings." + name;
        }
    }
}
