package dev.pgstate.model.files;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Whether the agent may obey a file, in the manner of OpenSSH's StrictModes: the file and every directory above
 * it (as written and after following symbolic links) must belong to the agent's OS user or to root and must not
 * be writable by group or others; otherwise someone else could change what the agent does as its user. A
 * directory writable by others is accepted only with the sticky bit (like {@code /tmp}), where nobody can rename
 * or remove an entry that is not theirs. Answers are the problem in words, naming the path and the fix.
 */
public final class FileTrust {

    private static final int ROOT = 0;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int GROUP_OR_OTHERS_READ_WRITE = 0066;
    private static final int GROUP_WRITE_OR_ANY_OTHERS = 0027;
    private static final int STICKY = 01000;
    private static final int FILE_TYPE = 0170000;
    private static final int REGULAR_FILE = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMBOLIC_LINK = 0120000;

    /** Who besides the owner may read a file the agent obeys. */
    public enum Readers {
        /** A spec, a program: others may read it, nobody else may change it. */
        ANYONE(GROUP_OR_OTHERS_WRITE, "writable by group or others",
                "the agent obeys only files nobody but their owner can change: chmod go-w "),
        /** A secret: readable and writable by its owner only. */
        OWNER_ONLY(GROUP_OR_OTHERS_READ_WRITE, "open to group or others",
                "a secret file must be readable and writable by its owner only: chmod 600 ");

        private final int forbidden;
        private final String what;
        private final String rule;

        Readers(int forbidden, String what, String rule) {
            this.forbidden = forbidden;
            this.what = what;
            this.rule = rule;
        }
    }

    private static final int NOBODY_ELSE = ROOT;

    private final int agentUid;
    /** The server's user, trusted too where the agent writes a file for the server to read; else root again. */
    private final int serverUid;
    /** What this trust remembers over one pass of many files ({@link #checkingDirectoriesOnce}); null outside one. */
    private final Pass pass;

    /** The directories one pass resolved and found sound, so that each is looked at once. */
    private static final class Pass {

        /** Each directory files were named in, as written: its real path, and whether those above were found sound. */
        final Map<Path, WrittenDirectory> written = new ConcurrentHashMap<>();
        /**
         * For any other path (a file that is itself a link, a directory): the directories above it as written and
         * above its real path, found sound.
         */
        final Set<List<Path>> soundAboveOthers = ConcurrentHashMap.newKeySet();
    }

    /** A directory as written, its real path, and whether every directory above it (both ways) was found sound. */
    private record WrittenDirectory(Path real, boolean sound) {
    }

    private FileTrust(int agentUid, int serverUid, boolean once) {
        this.agentUid = agentUid;
        this.serverUid = serverUid;
        this.pass = once ? new Pass() : null;
    }

    /**
     * This trust, remembering for its own life the directories above a file that it found sound, so that a thousand
     * secret files in one directory cost one look at the directories above them instead of a thousand, and each
     * file's real path is its directory's, resolved once, and its name, unless the file itself is a symbolic link
     * (one lstat instead of resolving every component of its path again). Each file's own owner and mode are still
     * checked every time. Meant for one pass over many files (a plan's secrets) and never kept longer, so that a
     * directory changed since is judged again by the next pass.
     */
    public FileTrust checkingDirectoriesOnce() {
        return new FileTrust(agentUid, serverUid, true);
    }

    /** Trust as the running process's user. */
    public static FileTrust ofThisProcess() {
        return new FileTrust((int) new UnixSystem().getUid(), NOBODY_ELSE, false);
    }

    /** Trust as another user would, so that a test run by anyone can show a file of the wrong owner refused. */
    public static FileTrust ofUser(int uid) {
        return new FileTrust(uid, NOBODY_ELSE, false);
    }

    /** Why the agent must not obey {@code file}, or empty when it may. */
    public Optional<String> fileProblem(Path file, Readers readers) {
        return judgeFile(file, readers).problem();
    }

    /**
     * The version of a file whose attributes were read: its real path (no link in it), where it is (device, inode),
     * its size, modification and change times, owner and mode. The change time (ctime) moves on every write, chmod,
     * chown and rename, and nobody can set it back, so an equal stamp means the same content, owner and mode, provided
     * the content was read from {@code path} after the stamp (not through a link, which may have moved on to another
     * file meanwhile) and the ctime was already in the past then (a write in the same clock tick as the read leaves
     * the ctime as it was: see {@link #settledBefore}).
     */
    public record FileStamp(Path path, long device, long inode, long size, FileTime modified, FileTime changed,
                            int uid, int mode) {

        /** Whether the last change happened before {@code instant}: a later write then gives another stamp. */
        public boolean settledBefore(Instant instant) {
            return changed.toInstant().isBefore(instant);
        }

        /** Every component, the numbers first: the daemon compares ten thousand stamps a cycle, nearly all equal. */
        @Override
        public boolean equals(Object other) {
            return other instanceof FileStamp stamp && stamp.inode == inode && stamp.device == device
                    && stamp.size == size && stamp.uid == uid && stamp.mode == mode && stamp.changed.equals(changed)
                    && stamp.modified.equals(modified) && stamp.path.equals(path);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(inode);
        }
    }

    /** {@link #fileProblem}'s answer, with the stamp the judgement was made on when the agent may obey the file. */
    public record FileJudgement(Optional<String> problem, Optional<FileStamp> stamp) {
    }

    /** Like {@link #fileProblem}, with the stamp of the version judged, from the same read of its attributes. */
    public FileJudgement judgeFile(Path file, Readers readers) {
        FileStamp[] judged = new FileStamp[1];
        Optional<String> problem = problem(file, false, readers.forbidden, readers.what, readers.rule,
                stamp -> judged[0] = stamp);
        return new FileJudgement(problem, problem.isPresent() ? Optional.empty() : Optional.of(judged[0]));
    }

    /**
     * Why the agent must not keep its own state in {@code directory}: besides the rules for every directory above a
     * file, this one must be private to its owner and group (0700 or 0750 at most), sticky or not.
     */
    public Optional<String> privateDirectoryProblem(Path directory) {
        return problem(directory, true, GROUP_WRITE_OR_ANY_OTHERS, "open to others",
                "the agent keeps its state only in a directory of mode 0700 or 0750: chmod 0700 ");
    }

    /**
     * Why the agent must not write its own file into {@code directory} for the server (owned by {@code serverUid})
     * to read, such as the settings drop-in in an include_dir: the directory and every one above it must belong to
     * the agent's user, the server's or root, the directory must not be writable by group or others (sticky or
     * not: they could add a file the server reads too), and this process must be able to create files in it.
     * Otherwise its owner could swap the agent's file, or plant a link under its name that the agent would write
     * through, and an agent that may not write there would fail only in the middle of an apply.
     */
    public Optional<String> serverDirectoryProblem(Path directory, int serverUid) {
        Optional<String> problem = new FileTrust(agentUid, serverUid, false).problem(directory, true, GROUP_OR_OTHERS_WRITE,
                "writable by group or others", "the agent writes only where nobody but its owner can: chmod go-w ");
        if (problem.isEmpty() && !Files.isWritable(directory)) {
            return Optional.of("the agent's user (uid " + agentUid + ") cannot create files in " + directory);
        }
        return problem;
    }

    /**
     * Creates {@code directory} 0700 when it is missing (its parents as the umask says), then insists that it is one
     * the agent may keep its state in.
     *
     * @throws IOException naming the problem when it cannot be created or is not private
     */
    public void ensurePrivateDirectory(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory.toAbsolutePath().getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // made by someone else meanwhile: judged below like any existing one
            }
        }
        Optional<String> problem = privateDirectoryProblem(directory);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
    }

    private Optional<String> problem(Path path, boolean directory, int forbidden, String what, String rule) {
        return problem(path, directory, forbidden, what, rule, stamp -> { });
    }

    private Optional<String> problem(Path path, boolean directory, int forbidden, String what, String rule,
                                     Consumer<FileStamp> judged) {
        try {
            Located located = located(path, directory);
            Path real = located.real();
            Lstat attributes = located.attributes();
            int type = attributes.mode() & FILE_TYPE;
            if (type != (directory ? DIRECTORY : REGULAR_FILE)) {
                return Optional.of(path + " is not a " + (directory ? "directory" : "regular file"));
            }
            Optional<String> owner = ownerProblem(real, attributes, "");
            if (owner.isPresent()) {
                return owner;
            }
            int mode = mode(attributes);
            if ((mode & forbidden) != 0) {
                return Optional.of(path + " is " + what + " (mode " + octal(mode) + "); " + rule + real);
            }
            Optional<String> above = directoriesProblem(path, located);
            if (above.isEmpty()) {
                judged.accept(new FileStamp(real, attributes.device(), attributes.inode(), attributes.size(),
                        attributes.modified(), attributes.changed(), attributes.uid(), mode));
            }
            return above;
        } catch (NoSuchFileException e) {
            return Optional.of("no such " + (directory ? "directory" : "file") + ": " + path);
        } catch (IOException e) {
            return Optional.of("cannot check " + path + ": " + e.getMessage());
        }
    }

    /**
     * A path resolved to its real one (no link in it), and that one's attributes: what the checks are made on; with
     * the directory it was written in when it was located through that directory's real path (in a pass), else null.
     */
    private record Located(Path real, Lstat attributes, Path writtenDirectory) {
    }

    /**
     * {@code path}'s real path and one lstat of it, which answers every question the checks ask. In a pass, a file's
     * directory is resolved once and the file's own name is looked at with that lstat: only a file that is a link
     * has its whole path resolved.
     */
    private Located located(Path path, boolean directory) throws IOException {
        if (pass != null && !directory) {
            Path name = path.getFileName();
            Path parent = path.toAbsolutePath().getParent();
            if (name != null && parent != null && !name.toString().equals(".") && !name.toString().equals("..")) {
                WrittenDirectory known = pass.written.get(parent);
                if (known == null) {
                    known = new WrittenDirectory(parent.toRealPath(), false);
                    pass.written.put(parent, known);
                }
                Path candidate = known.real().resolve(name);
                Lstat attributes = Lstat.of(candidate);
                if ((attributes.mode() & FILE_TYPE) != SYMBOLIC_LINK) {
                    return new Located(candidate, attributes, parent);
                }
            }
        }
        Path real = path.toRealPath();
        return new Located(real, Lstat.of(real), null);
    }

    /**
     * Why others could swap what {@code directory} holds: it is writable by group or others without the sticky bit.
     * For directories the agent writes in that belong to the server's user, so their owner is not judged here.
     */
    public static Optional<String> othersMayReplaceEntries(Path directory) throws IOException {
        return othersMayReplaceEntries(directory.toString(), Lstat.of(directory.toRealPath()), directory);
    }

    /** @param named the directory as the problem names it; {@code chmod} what it advises to chmod */
    private static Optional<String> othersMayReplaceEntries(String named, Lstat attributes, Path chmod) {
        int mode = mode(attributes);
        return writableWithoutSticky(mode) ? Optional.of(named + " is writable by group or others (mode "
                + octal(mode) + ") without the sticky bit, so they could replace what it holds: chmod go-w " + chmod)
                : Optional.empty();
    }

    /**
     * Why someone else could swap the file the agent is about to rename into {@code directory}, a file that will
     * belong to {@code fileOwnerUid}: the directory, or one above it, is writable by group or others without the
     * sticky bit, or belongs to neither the agent's user, root nor that file's owner (who can change the file anyway),
     * so its owner could replace the file, plant a link the agent would write through, or move a directory on the way
     * aside for one of their own between the agent's look and its rename. Checked as each file is written: a
     * directory may change between plan and apply.
     */
    public Optional<String> writeDirectoryProblem(Path directory, int fileOwnerUid) throws IOException {
        Path real = directory.toRealPath();
        for (Path dir = real; dir != null; dir = dir.getParent()) {
            String named = dir.equals(real) ? directory.toString() : dir + ", a directory above " + directory + ",";
            Lstat attributes = Lstat.of(dir);
            int uid = attributes.uid();
            if (uid != agentUid && uid != fileOwnerUid && uid != ROOT && uid != serverUid) {
                return Optional.of(named + " belongs to " + Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName()
                        + " (uid " + uid + "), not to the agent's user (uid " + agentUid + "), the file's owner (uid "
                        + fileOwnerUid + ") or root, so its owner could replace what it holds");
            }
            Optional<String> writable = othersMayReplaceEntries(named, attributes, dir.equals(real) ? directory : dir);
            if (writable.isPresent()) {
                return writable;
            }
        }
        return Optional.empty();
    }

    private static boolean writableWithoutSticky(int mode) {
        return (mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0;
    }

    /**
     * The directories above {@code file} as written and above its real path, each checked once in a pass: a file
     * located through the directory it was written in has the same ones above it as every other file of it.
     */
    private Optional<String> directoriesProblem(Path file, Located located) throws IOException {
        Path real = located.real();
        if (pass == null) {
            return directoriesProblemUncached(file, real);
        }
        Path written = located.writtenDirectory();
        if (written != null) {
            WrittenDirectory directory = pass.written.get(written);
            if (directory.sound()) {
                return Optional.empty();
            }
            Optional<String> problem = directoriesProblemUncached(file, real);
            if (problem.isEmpty()) {
                pass.written.put(written, new WrittenDirectory(directory.real(), true));
            }
            return problem;
        }
        List<Path> above = Arrays.asList(file.toAbsolutePath().normalize().getParent(), real.getParent());
        if (pass.soundAboveOthers.contains(above)) {
            return Optional.empty();
        }
        Optional<String> problem = directoriesProblemUncached(file, real);
        if (problem.isEmpty()) {
            pass.soundAboveOthers.add(above);
        }
        return problem;
    }

    private Optional<String> directoriesProblemUncached(Path file, Path real) throws IOException {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path dir = file.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            directories.add(dir.toRealPath());
        }
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            directories.add(dir);
        }
        for (Path dir : directories) {
            Lstat attributes = Lstat.of(dir);
            String above = ", a directory above " + file + ",";
            Optional<String> owner = ownerProblem(dir, attributes, above);
            if (owner.isPresent()) {
                return owner;
            }
            int mode = mode(attributes);
            if (writableWithoutSticky(mode)) {
                return Optional.of(dir + above + " is writable by group or others (mode " + octal(mode)
                        + "), so they could replace what it holds: chmod go-w " + dir);
            }
        }
        return Optional.empty();
    }

    private Optional<String> ownerProblem(Path path, Lstat attributes, String role) throws IOException {
        int uid = attributes.uid();
        if (uid == agentUid || uid == serverUid || uid == ROOT) {
            return Optional.empty();
        }
        String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        return Optional.of(path + role + " belongs to " + owner + " (uid " + uid + "), not to the agent's user (uid "
                + agentUid + ")" + (serverUid == ROOT ? "" : ", the server's (uid " + serverUid + ")")
                + " or root, so its owner could change what the agent does");
    }

    private static int mode(Lstat attributes) {
        return attributes.mode() & 07777;
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
