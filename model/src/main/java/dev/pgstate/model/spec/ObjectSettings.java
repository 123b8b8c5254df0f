package dev.pgstate.model.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings a role or a database gives its sessions, as the spec maps parameter names to values. */
final class ObjectSettings {

    private ObjectSettings() {
    }

    /** Unmanaged stays {@code null}; a given map keeps its order (problems and plans follow the file) and its nulls. */
    static Map<String, String> copy(Map<String, String> settings) {
        return settings == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
