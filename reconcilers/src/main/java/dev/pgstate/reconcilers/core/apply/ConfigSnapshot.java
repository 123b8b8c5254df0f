package dev.pgstate.reconcilers.core.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Files that are not config files (TLS certificates and keys) are kept with their own owner, group and mode, in
 * memory only: a copy of a key beside it would be one more copy of the key.
 *
 * @param files      each file's bytes, null for one that did not exist
 * @param likeFile   where a file that has to be created again takes its owner, group and mode from
 * @param keptOnDisk the copies beside the files are this snapshot's, to remove once it is no longer needed
 * @param ownFiles   files put back with the owner, group and mode each had
 */
public record ConfigSnapshot(Map<Path, byte[]> files, Path likeFile, boolean keptOnDisk, List<OwnFile> ownFiles) {

    public static final ConfigSnapshot NONE = new ConfigSnapshot(Map.of(), null, false, List.of());
    public static final String KEPT_SUFFIX = ".pgstate-previous";

    /**
     * A file as it was, with its owner, group and mode.
     *
     * @param content   its bytes, null when it did not exist (then {@code ownership} is null too)
     */
    public record OwnFile(Path file, byte[] content, AtomicFile.Ownership ownership) {

        /** Never the content: it may be a key. */
        @Override
        public String toString() {
            return file.toString();
        }
    }

    public ConfigSnapshot {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        ownFiles = List.copyOf(ownFiles);
    }

    /** Reads the files with their owner, group and mode, in memory only; one that does not exist is removed again. */
    public static ConfigSnapshot ownFiles(Collection<Path> files) throws IOException {
        List<OwnFile> kept = new ArrayList<>();
        for (Path file : files) {
            byte[] content = ConfigFileEdit.readOrNull(file);
            kept.add(new OwnFile(file, content, content == null ? null
                    : AtomicFile.Ownership.of(Files.readAttributes(file, PosixFileAttributes.class))));
        }
        return new ConfigSnapshot(Map.of(), null, false, kept);
    }

    /** This snapshot, putting back {@code other}'s own files too. */
    public ConfigSnapshot withOwnFilesOf(ConfigSnapshot other) {
        List<OwnFile> both = new ArrayList<>(ownFiles);
        both.addAll(other.ownFiles);
        return new ConfigSnapshot(files, likeFile, keptOnDisk, both);
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
        return new ConfigSnapshot(bytes, likeFile, true, List.of());
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
        return new ConfigSnapshot(bytes, likeFile, false, List.of());
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
        return files.isEmpty() && ownFiles.isEmpty();
    }

    public void restore() throws IOException {
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            if (file.getValue() == null) {
                AtomicFile.delete(file.getKey());
            } else {
                AtomicFile.write(file.getKey(), file.getValue(), likeFile);
            }
        }
        for (OwnFile file : ownFiles) {
            if (file.content() == null) {
                AtomicFile.delete(file.file());
            } else {
                AtomicFile.write(file.file(), file.content(), file.ownership(), AtomicFile.BeforeRename.NONE);
            }
        }
    }

    @Override
    public String toString() {
        return java.util.stream.Stream.concat(files.keySet().stream().map(file -> keptOnDisk
                ? file + " (kept as " + kept(file).getFileName() + ")" : file.toString()),
                ownFiles.stream().map(OwnFile::toString)).toList().toString();
    }
}
