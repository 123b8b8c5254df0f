package dev.pgstate.reconcilers.kind.extension;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An extension the server could install, as pg_available_extension_versions lists it: the control files in its share
 * directory, the same for every database. {@code defaultVersion} is what CREATE EXTENSION without VERSION installs.
 * {@code updates}: for each version, those ALTER EXTENSION … UPDATE TO can reach from it (pg_extension_update_paths),
 * read only for the extensions a spec names with a version.
 */
public record AvailableExtension(String name, String defaultVersion, List<String> versions,
                                 Map<String, Set<String>> updates) {

    public AvailableExtension {
        versions = List.copyOf(versions);
        updates = Map.copyOf(updates);
    }

    /** Its update paths not read. */
    public AvailableExtension(String name, String defaultVersion, List<String> versions) {
        this(name, defaultVersion, versions, Map.of());
    }

    /** Whether the extension's scripts lead from {@code from} to {@code to}; downgrades usually have none. */
    public boolean updates(String from, String to) {
        return updates.getOrDefault(from, Set.of()).contains(to);
    }

    public boolean offers(String version) {
        return versions.contains(version);
    }
}
