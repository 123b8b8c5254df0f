package dev.pgstate.agent.daemon;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The spec file the daemon enforces and the last version of it that was valid. Each cycle reads it again, and parses
 * and validates its bytes only when they differ from the last valid version's (the file's mode and owner,
 * its signature and the restart program are checked every cycle); a file that does not load or validate is reported
 * while the last good spec stays in force.
 *
 * <p>Changes are noticed by polling the file's modification time, size and inode rather than a WatchService:
 * editors that save by writing a new file and renaming it over the old one replace the inode, which a watch on
 * the old file misses, and polling needs no extra thread.
 */
final class SpecFile {

    private final Path file;
    private final Specs.ContentCheck check;
    /** The bytes last read and the spec last parsed from them: an unchanged file is not parsed again. */
    private final Specs.Rereading rereading = new Specs.Rereading();
    private Spec lastGood;
    private Fingerprint loaded;

    SpecFile(Path file, Spec initial) {
        this(file, initial, Specs.ContentCheck.NONE);
    }

    /** @param check what every version of the file must pass before it is used, e.g. its signature */
    SpecFile(Path file, Spec initial, Specs.ContentCheck check) {
        this.file = file;
        this.check = Objects.requireNonNull(check, "check");
        this.lastGood = Objects.requireNonNull(initial, "initial");
        this.loaded = Fingerprint.of(file);
    }

    /**
     * The spec in force after reading the file again, the problem when it could not be used, and the SHA-256 of the
     * bytes read (empty when none could be).
     */
    record Loaded(Spec inForce, Optional<String> problem, Optional<String> sha256) {
    }

    Loaded load() {
        loaded = Fingerprint.of(file);
        try {
            lastGood = Specs.load(file, check, rereading);
            return new Loaded(lastGood, Optional.empty(), rereading.lastReadSha256());
        } catch (SpecException e) {
            return new Loaded(lastGood, Optional.of(e.getMessage()), rereading.lastReadSha256());
        } catch (UncheckedIOException e) {
            return new Loaded(lastGood, Optional.of(unreadable(e.getCause())), Optional.empty());
        }
    }

    /** How many times the file's bytes were parsed and validated: once per version of them, not once per cycle. */
    long parses() {
        return rereading.parses();
    }

    /** True when the file on disk is not the one last loaded (edited, replaced, removed or created). */
    boolean changedOnDisk() {
        return !Fingerprint.of(file).equals(loaded);
    }

    private String unreadable(IOException cause) {
        String why = cause instanceof NoSuchFileException ? "no such file" : cause.getMessage();
        return "cannot read spec file " + file + ": " + why;
    }

    /** What identifies a version of the file without reading it; an absent file has the empty fingerprint. */
    private record Fingerprint(FileTime modified, long size, Object fileKey) {

        private static final Fingerprint ABSENT = new Fingerprint(FileTime.fromMillis(0), -1, null);

        static Fingerprint of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Fingerprint(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            } catch (IOException e) {
                return ABSENT;
            }
        }
    }
}
