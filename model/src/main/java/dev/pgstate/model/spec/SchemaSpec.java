package dev.pgstate.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * One schema a database must have (a bare name, or a mapping), or must not ({@code state: absent}, the only way one is
 * ever dropped); the schemas a database's list does not name are left alone. {@code owner}, when given, is the role
 * that owns it ({@code CREATE SCHEMA … AUTHORIZATION}, {@code ALTER SCHEMA … OWNER TO}); {@code null} leaves the owner
 * to whoever creates it and alone afterwards. {@code cascade} lets DROP take what is in the schema (tables, views,
 * functions); without it the server refuses to drop a schema that is not empty.
 */
public record SchemaSpec(String name, String owner, State state, Boolean cascade) {

    public SchemaSpec {
        Objects.requireNonNull(name, "name");
        state = state == null ? State.PRESENT : state;
    }

    /** A schema that must exist, whoever owns it; also a bare name in YAML. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SchemaSpec named(String name) {
        return new SchemaSpec(name, null, State.PRESENT, null);
    }

    /** Whether DROP may take what is in the schema. */
    public boolean cascades() {
        return Boolean.TRUE.equals(cascade);
    }
}
