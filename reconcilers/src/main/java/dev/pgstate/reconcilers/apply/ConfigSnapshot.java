package dev.pgstate.reconcilers.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config files as they were before the agent changed them: what a restart the server does not survive puts back.
 * A file that did not exist is removed again. Kept in memory only: the files hold no secrets the server's own
 * user could not read anyway, and they are small.
 */
public final class ConfigSnapshot {

    /** Bytes by file; null for a file that did not exist. */
    private final Map<Path, byte[]> contents;
    private final Path likeFile;
    /** Why the files could not be kept, when they could not: nothing can be put back then. */
    private final String unavailable;

    private ConfigSnapshot(Map<Path, byte[]> contents, Path likeFile, String unavailable) {
        this.contents = contents;
        this.likeFile = likeFile;
        this.unavailable = unavailable;
    }

    /**
     * @param likeFile where a file that has to be created again takes owner, group and mode from (the main
     *                 config file)
     */
    public static ConfigSnapshot of(Collection<Path> files, Path likeFile) {
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        try {
            files.forEach(file -> contents.put(file, ConfigFileEdit.readOrNull(file)));
        } catch (UncheckedIOException e) {
            return unavailable(e.getMessage());
        }
        return new ConfigSnapshot(contents, likeFile, null);
    }

    /** Nothing to put back: for a run that changes no config file. */
    public static ConfigSnapshot none() {
        return new ConfigSnapshot(Map.of(), null, null);
    }

    /** The files cannot be kept (another box, another OS user): a failed restart cannot be rolled back. */
    public static ConfigSnapshot unavailable(String why) {
        return new ConfigSnapshot(Map.of(), null, why);
    }

    /** True when a file differs from its kept bytes. */
    public boolean changed() {
        return contents.entrySet().stream()
                .anyMatch(kept -> !Arrays.equals(kept.getValue(), ConfigFileEdit.readOrNull(kept.getKey())));
    }

    /** Writes every kept file back (atomically, owner and mode kept), or removes it when it did not exist. */
    public void restore() throws IOException {
        if (unavailable != null) {
            throw new IOException("the files were not kept before the change: " + unavailable);
        }
        for (Map.Entry<Path, byte[]> kept : contents.entrySet()) {
            if (kept.getValue() == null) {
                AtomicFile.delete(kept.getKey());
            } else if (!Arrays.equals(kept.getValue(), ConfigFileEdit.readOrNull(kept.getKey()))) {
                AtomicFile.write(kept.getKey(), kept.getValue(), likeFile == null ? kept.getKey() : likeFile);
            }
        }
    }

    /** The files kept, for messages that tell a person where to look. */
    public Collection<Path> files() {
        return contents.keySet();
    }
}
