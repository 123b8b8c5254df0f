package dev.pgstate.reconcilers.kind.extension;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server offers and what each database read has installed. {@code installed} holds the databases that were
 * read, by name, each with its extensions by name (a database not there yet is there with none); {@code unreadable}
 * the databases the agent could not connect to, with the reason. {@code preloaded} is the libraries
 * shared_preload_libraries loads, or {@code null} when the agent may not read that setting.
 */
public record LiveExtensions(Map<String, AvailableExtension> available, List<String> preloaded,
                             Map<String, Map<String, LiveExtension>> installed, Map<String, String> unreadable) {

    /** Nothing read: no spec database names an extension. */
    public static final LiveExtensions NONE = new LiveExtensions(Map.of(), List.of(), Map.of(), Map.of());

    public LiveExtensions {
        available = Map.copyOf(available);
        preloaded = preloaded == null ? null : List.copyOf(preloaded);
        installed = Map.copyOf(installed);
        unreadable = Map.copyOf(unreadable);
    }

    public Optional<AvailableExtension> available(String extension) {
        return Optional.ofNullable(available.get(extension));
    }

    /** The extensions of {@code database}, none when it was not read. */
    public Map<String, LiveExtension> in(String database) {
        return installed.getOrDefault(database, Map.of());
    }
}
