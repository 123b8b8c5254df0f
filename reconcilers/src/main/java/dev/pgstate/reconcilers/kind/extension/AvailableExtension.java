package dev.pgstate.reconcilers.kind.extension;

import java.util.List;

/**
 * An extension the server could install, as pg_available_extension_versions lists it: the control files in its share
 * directory, the same for every database. {@code defaultVersion} is what CREATE EXTENSION without VERSION installs.
 */
public record AvailableExtension(String name, String defaultVersion, List<String> versions) {

    public AvailableExtension {
        versions = List.copyOf(versions);
    }

    public boolean offers(String version) {
        return versions.contains(version);
    }
}
