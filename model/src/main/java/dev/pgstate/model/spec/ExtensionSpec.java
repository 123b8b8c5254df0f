package dev.pgstate.model.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * One extension a database must have (a bare name, or a mapping), or must not ({@code state: absent}, the only way one is ever dropped); those
 * a database's list does not name are left alone. {@code version} and {@code schema}, when given, are what
 * {@code CREATE EXTENSION} installs and what a present extension is brought to ({@code ALTER EXTENSION … UPDATE TO},
 * {@code SET SCHEMA}); {@code null}, the server's default version and the creating session's schema. {@code cascade}
 * lets CREATE install the extensions it requires and lets DROP take the objects that depend on it; without it neither
 * reaches beyond the extension named.
 */
public record ExtensionSpec(String name, String version, String schema, State state, Boolean cascade) {

    public ExtensionSpec {
        Objects.requireNonNull(name, "name");
        state = state == null ? State.PRESENT : state;
    }

    /** An extension that must be installed, at whatever version and in whatever schema; also a bare name in YAML. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExtensionSpec named(String name) {
        return new ExtensionSpec(name, null, null, State.PRESENT, null);
    }

    /** Whether CREATE and DROP may reach beyond this extension. */
    public boolean cascades() {
        return Boolean.TRUE.equals(cascade);
    }
}
