package dev.pgstate.reconcilers.core.apply;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config files as they were before the apply wrote them, so that a reload the server does not show or a restart it
 * does not survive can be undone: each is put back atomically (write, fsync, rename), or removed when it did not
 * exist. Before a restart they are also kept on disk beside each file ({@value #KEPT_SUFFIX}), so that an agent
 * killed between writing the new values and confirming the restart leaves the way back to the next run, and to a
 * person.
 *
 * @param files      each file's bytes, null for one that did not exist
 * @param likeFile   where a file that has to be created again takes its owner, group and mode from
 * @param keptOnDisk the copies beside the files are this snapshot's, to remove once it is no longer needed
 */
public record ConfigSnapshot(Map<Path, byte[]> files, Path likeFile, boolean keptOnDisk) {

    public static final ConfigSnapshot NONE = new ConfigSnapshot(Map.of(), null, false);
    public static final String KEPT_SUFFIX = ".pgstate-previous";

    public ConfigSnapshot {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * Reads the files and keeps a copy of each on disk, with its owner and mode. A copy kept after the server last
     * started is one a run killed before its restart left: it, not the file that already holds that run's new
     * values, is the previous configuration. An older one is stale (that restart happened) and is replaced.
     */
    public static ConfigSnapshot keep(Collection<Path> files, Path likeFile, Instant serverStarted)
            throws IOException {
        Map<Path, byte[]> bytes = new LinkedHashMap<>();
        for (Path file : files) {
            Path kept = kept(file);
            if (java.nio.file.Files.exists(kept)
                    && java.nio.file.Files.getLastModifiedTime(kept).toInstant().isAfter(serverStarted)) {
                bytes.put(file, java.nio.file.Files.readAllBytes(kept));
                continue;
            }
            byte[] now = ConfigFileEdit.readOrNull(file);
            bytes.put(file, now);
            if (now != null) {
                AtomicFile.write(kept, now, file);
            }
        }
        return new ConfigSnapshot(bytes, likeFile, true);
    }

    /**
     * Reads the files, in memory only: the way back from a reload, which a killed agent never needs (the server
     * reads the new files at the next reload either way, as after any edit). Copies a killed restart left beside
     * them stay for the run that restarts.
     */
    public static ConfigSnapshot read(Collection<Path> files, Path likeFile) throws IOException {
        Map<Path, byte[]> bytes = new LinkedHashMap<>();
        for (Path file : files) {
            bytes.put(file, ConfigFileEdit.readOrNull(file));
        }
        return new ConfigSnapshot(bytes, likeFile, false);
    }

    /** Once the restart is confirmed, or rolled back, the copies kept on disk are no longer needed. */
    public void discard() throws IOException {
        if (!keptOnDisk) {
            return;
        }
        for (Path file : files.keySet()) {
            AtomicFile.delete(kept(file));
        }
    }

    /**
     * The shell words that put the kept copies back, each by a copy beside the file renamed over it: what the
     * restart command itself runs when it fails, so that an agent killed during the restart still leaves the
     * previous configuration behind it.
     */
    String restoreShell() {
        return String.join(" && ", files.entrySet().stream().map(entry -> {
            String file = RestartCommand.quote(entry.getKey().toString());
            if (entry.getValue() == null) {
                return "rm -f " + file;
            }
            String temp = RestartCommand.quote(entry.getKey() + ".pgstate-restore");
            return "cp -p " + RestartCommand.quote(kept(entry.getKey()).toString()) + " " + temp + " && mv -f " + temp
                    + " " + file;
        }).toList());
    }

    private static Path kept(Path file) {
        return file.resolveSibling(file.getFileName() + KEPT_SUFFIX);
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
        return files.keySet().stream().map(file -> keptOnDisk ? file + " (kept as " + kept(file).getFileName() + ")"
                : file.toString()).toList().toString();
    }
}
