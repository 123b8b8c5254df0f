package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.files.FileTrust;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What resolving the TLS material changes in the state directory (a CA created, rotated or retired, a CRL started
 * or renewed), prepared aside in the order it must happen. A plan drops it; an apply commits it together with the
 * TLS files made from it, and rolls it back when those are put back, so the state directory never holds a CA the
 * server was not given, nor loses the one it serves.
 */
public record CaChanges(List<Step> steps) {

    public static final CaChanges NONE = new CaChanges(List.of());

    /** One change to one entry of the state directory. */
    public sealed interface Step permits Write, Delete, MoveAside {
        /** Makes the change; what it returns undoes it. */
        List<Undo> carryOut() throws IOException;
    }

    /** A file of the agent's own written with this mode, its directory made private first. */
    public record Write(Path file, byte[] content, Set<PosixFilePermission> permissions) implements Step {
        public Write {
            permissions = Set.copyOf(permissions);
        }

        @Override
        public List<Undo> carryOut() throws IOException {
            List<Undo> undo = new ArrayList<>(privateDirectory(file.toAbsolutePath().getParent()));
            undo.add(putBack(file));
            AtomicFile.writeOwn(file, content, permissions);
            return undo;
        }

        /** Never the content: it may be a CA key. */
        @Override
        public String toString() {
            return "Write[" + file + "]";
        }
    }

    public record Delete(Path file) implements Step {
        @Override
        public List<Undo> carryOut() throws IOException {
            Undo undo = putBack(file);
            AtomicFile.delete(file);
            return List.of(undo);
        }
    }

    /** A directory renamed, never deleted: a retired CA keeps its key until its owner removes it. */
    public record MoveAside(Path directory, Path aside) implements Step {
        @Override
        public List<Undo> carryOut() throws IOException {
            Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
            return List.of(() -> Files.move(aside, directory, StandardCopyOption.ATOMIC_MOVE));
        }
    }

    /** What a commit did, to be undone when the apply that made it does not go ahead. */
    public record Committed(List<Undo> undo) {

        public static final Committed NOTHING = new Committed(List.of());

        public Committed {
            undo = List.copyOf(undo);
        }

        /** Puts every entry back as the commit found it, the last changed first. */
        public void rollBack() throws IOException {
            List<Undo> reversed = new ArrayList<>(undo);
            Collections.reverse(reversed);
            for (Undo step : reversed) {
                step.run();
            }
        }
    }

    /** Puts back one entry. */
    @FunctionalInterface
    public interface Undo {
        void run() throws IOException;
    }

    public CaChanges {
        steps = List.copyOf(steps);
    }

    public CaChanges then(List<Step> more) {
        return new CaChanges(Stream.concat(steps.stream(), more.stream()).toList());
    }

    public CaChanges then(CaChanges more) {
        return then(more.steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Carries the steps out in order. One that fails undoes those before it, so the state directory is either
     * changed whole or not at all (as far as the disk lets the undo run).
     */
    public Committed commit() throws IOException {
        List<Undo> undo = new ArrayList<>();
        try {
            for (Step step : steps) {
                undo.addAll(step.carryOut());
            }
        } catch (IOException e) {
            new Committed(undo).rollBack();
            throw e;
        }
        return new Committed(undo);
    }

    /** Makes the directory (and the one it is in) private, undone by removing whichever of them it created. */
    private static List<Undo> privateDirectory(Path directory) throws IOException {
        List<Undo> undo = new ArrayList<>();
        for (Path made : List.of(directory.getParent(), directory)) {
            if (made != null && !Files.exists(made, LinkOption.NOFOLLOW_LINKS)) {
                undo.add(() -> removeIfEmpty(made));
            }
        }
        FileTrust.ofThisProcess().ensurePrivateDirectory(directory);
        return undo;
    }

    private static void removeIfEmpty(Path directory) throws IOException {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // something else was put there meanwhile: it stays
        }
    }

    /** What brings {@code file} back to what it holds now: its bytes and mode, or its absence. */
    private static Undo putBack(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return () -> AtomicFile.delete(file);
        }
        byte[] content = Files.readAllBytes(file);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        return () -> AtomicFile.writeOwn(file, content, permissions);
    }
}
