package dev.pgstate.reconcilers.apply;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config files as they were before the apply wrote them, kept in memory so that a restart the server does not
 * survive can be undone: each is put back atomically (write, fsync, rename), or removed when it did not exist.
 *
 * @param files    each file's bytes, null for one that did not exist
 * @param likeFile where a file that has to be created again takes its owner, group and mode from
 */
public record ConfigSnapshot(Map<Path, byte[]> files, Path likeFile) {

    public static final ConfigSnapshot NONE = new ConfigSnapshot(Map.of(), null);

    public ConfigSnapshot {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    public static ConfigSnapshot of(Collection<Path> files, Path likeFile) {
        Map<Path, byte[]> bytes = new LinkedHashMap<>();
        files.forEach(file -> bytes.put(file, ConfigFileEdit.readOrNull(file)));
        return new ConfigSnapshot(bytes, likeFile);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    void restore() throws IOException {
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            if (file.getValue() == null) {
                AtomicFile.delete(file.getKey());
            } else {
                AtomicFile.write(file.getKey(), file.getValue(), likeFile);
            }
        }
    }

    @Override
    public String toString() {
        return files.keySet().toString();
    }
}
