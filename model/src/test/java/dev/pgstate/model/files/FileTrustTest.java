package dev.pgstate.model.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.pgstate.model.files.FileTrust.FileStamp;
import dev.pgstate.model.files.FileTrust.Readers;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StrictModes on real files, as root and as anyone else. */
class FileTrustTest {

    /** nobody: as root the tests hand files to this user; it need not exist for a chown by number. */
    private static final int NOBODY = 65534;
    private static final long ME = new UnixSystem().getUid();

    @TempDir
    Path tmp;
    private Path dir;
    private Path spec;
    private final FileTrust trust = FileTrust.ofThisProcess();

    @BeforeEach
    void files() throws IOException {
        dir = Files.createDirectory(tmp.resolve("etc"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        spec = Files.writeString(dir.resolve("spec.yaml"), "roles: []\n");
        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void aFileOfMineWritableByMeAloneIsTrusted() {
        assertThat(trust.fileProblem(spec, Readers.ANYONE)).isEmpty();
    }

    /** Every change a secret file can undergo gives another stamp; nothing else does. */
    @Test
    void aFilesStampChangesWithItsContentModeOrInodeAndOnlyThen() throws Exception {
        FileTrust.FileStamp before = stamp(spec);
        assertThat(stamp(spec)).isEqualTo(before);

        Thread.sleep(50); // more than a tick of the file system's clock, which the change time is counted in
        Files.writeString(spec, "roles: {}\n"); // the same length
        FileTrust.FileStamp rewritten = stamp(spec);
        assertThat(rewritten).isNotEqualTo(before);

        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-------"));
        FileTrust.FileStamp chmodded = stamp(spec);
        assertThat(chmodded).isNotEqualTo(rewritten);
        assertThat(chmodded.mode()).isEqualTo(0600);

        Path replacement = Files.writeString(dir.resolve("spec.new"), "roles: {}\n");
        Files.setPosixFilePermissions(replacement, PosixFilePermissions.fromString("rw-------"));
        Files.move(replacement, spec, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(stamp(spec).inode()).isNotEqualTo(chmodded.inode());
    }

    @Test
    void aFileRefusedHasNoStamp() throws IOException {
        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-rw-rw-"));

        FileTrust.FileJudgement judgement = trust.judgeFile(spec, Readers.ANYONE);

        assertThat(judgement.problem()).isPresent();
        assertThat(judgement.stamp()).isEmpty();
    }

    @Test
    void aFileOthersCanWriteIsRefused() throws IOException {
        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(trust.fileProblem(spec, Readers.ANYONE)).contains(spec + " is writable by group or others"
                + " (mode 0666); the agent obeys only files nobody but their owner can change: chmod go-w "
                + spec.toRealPath());
    }

    /**
     * One pass over many files looks at their directories once, but still judges each file's own mode; a directory
     * opened to others afterwards is refused by the next pass.
     */
    @Test
    void aPassCheckingDirectoriesOnceStillJudgesEveryFileAndANewPassSeesADirectoryChanged() throws IOException {
        Path other = Files.writeString(dir.resolve("other.yaml"), "roles: []\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-rw-rw-"));
        FileTrust pass = trust.checkingDirectoriesOnce();

        assertThat(pass.fileProblem(spec, Readers.ANYONE)).isEmpty();
        assertThat(pass.fileProblem(other, Readers.ANYONE)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(other + " is writable by group or others (mode 0666)"));

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path realDir = dir.toRealPath();
        assertThat(trust.checkingDirectoriesOnce().fileProblem(spec, Readers.ANYONE)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith(realDir + ", a directory above " + spec
                        + ", is writable by group or others (mode 0777)"));
    }

    @Test
    void aSecretMustNotBeReadableByOthers() throws IOException {
        Path real = spec.toRealPath();
        assertThat(trust.fileProblem(spec, Readers.OWNER_ONLY)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(spec + " is open to group or others (mode 0644)").endsWith("chmod 600 " + real));

        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-------"));
        assertThat(trust.fileProblem(spec, Readers.OWNER_ONLY)).isEmpty();
    }

    @Test
    void aDirectoryAboveThatOthersCanWriteIsRefused() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(trust.fileProblem(spec, Readers.ANYONE)).contains(dir.toRealPath() + ", a directory above " + spec
                + ", is writable by group or others (mode 0775), so they could replace what it holds: chmod go-w "
                + dir.toRealPath());
    }

    @Test
    void aStickyDirectoryLikeTmpIsAccepted() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(dir, "unix:mode", 01777);

        assertThat(trust.fileProblem(spec, Readers.ANYONE)).isEmpty();
    }

    @Test
    void aSymlinkIsJudgedByWhatItPointsAt() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link.yaml"), spec);
        assertThat(trust.fileProblem(link, Readers.ANYONE)).isEmpty();

        Files.setPosixFilePermissions(spec, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(trust.fileProblem(link, Readers.ANYONE)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith(link + " is writable by group or others (mode 0666)"));
    }

    /**
     * A pass resolves each directory once and a file's own name with one lstat: every way of naming a file (through a
     * linked directory, a link of its own, "..", a missing file, a link to a file open to others) is judged and
     * stamped exactly as outside a pass.
     */
    @Test
    void aPassJudgesAndStampsEveryFileAsASingleJudgementDoes() throws IOException {
        Path linkedDir = Files.createSymbolicLink(tmp.resolve("linked-etc"), dir);
        Path link = Files.createSymbolicLink(tmp.resolve("link.yaml"), spec);
        Path open = Files.writeString(dir.resolve("open.yaml"), "roles: []\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path linkToOpen = Files.createSymbolicLink(dir.resolve("to-open.yaml"), open);
        List<Path> names = List.of(spec, linkedDir.resolve("spec.yaml"), link, dir.resolve("../etc/spec.yaml"),
                linkToOpen, linkedDir.resolve("to-open.yaml"), open, dir.resolve("gone.yaml"), dir.resolve(".."));
        FileTrust pass = trust.checkingDirectoriesOnce();

        for (Path name : names) {
            assertThat(pass.judgeFile(name, Readers.ANYONE)).as(name.toString())
                    .isEqualTo(trust.judgeFile(name, Readers.ANYONE));
        }
        Path real = spec.toRealPath();
        assertThat(pass.judgeFile(linkedDir.resolve("spec.yaml"), Readers.ANYONE).stamp())
                .hasValueSatisfying(stamp -> assertThat(stamp.path()).isEqualTo(real));
        assertThat(pass.fileProblem(linkToOpen, Readers.ANYONE)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith(linkToOpen + " is writable by group or others (mode 0666)"));
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        FileTrust asSomeoneElse;
        if (ME == 0) {
            Files.setAttribute(spec, "unix:uid", NOBODY); // root may give it away: then it is not root's any more
            asSomeoneElse = trust;
        } else {
            asSomeoneElse = FileTrust.ofUser((int) ME + 1); // mine is not theirs
        }

        Path real = spec.toRealPath();
        assertThat(asSomeoneElse.fileProblem(spec, Readers.ANYONE)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(real + " belongs to ").contains("not to the agent's user (uid ")
                .endsWith("or root, so its owner could change what the agent does"));
    }

    @Test
    void aDirectoryAboveOfAnotherUserIsRefused() throws IOException {
        // only root can make a directory someone else's while the file in it stays trusted; CI runs as root
        assumeTrue(ME == 0, "needs root to give a directory away");
        Files.setAttribute(dir, "unix:uid", NOBODY);

        assertThat(trust.fileProblem(spec, Readers.ANYONE)).hasValueSatisfying(problem ->
                assertThat(problem).contains(", a directory above " + spec + ", belongs to "));
    }

    /** The server's user may own the directory the agent writes the server's file into: it runs the server anyway. */
    @Test
    void aDirectoryOfTheServersUserTakesTheAgentsFileForTheServer() throws IOException {
        int owner = ME == 0 ? NOBODY : (int) ME;
        Files.setAttribute(dir, "unix:uid", owner); // root gives it away, anyone else keeps it
        FileTrust asAnotherAgent = FileTrust.ofUser(owner + 1);
        Path real = dir.toRealPath();

        assertThat(asAnotherAgent.serverDirectoryProblem(dir, owner)).isEmpty();
        assertThat(asAnotherAgent.serverDirectoryProblem(dir, owner + 2)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith(real + " belongs to ").endsWith(", the server's (uid "
                        + (owner + 2) + ") or root, so its owner could change what the agent does"));
    }

    /** Even sticky: others could add a file beside the agent's that the server reads too. */
    @Test
    void aDirectoryForTheServerThatOthersMayWriteInIsRefused() throws IOException {
        Files.setAttribute(dir, "unix:mode", 01777);

        assertThat(trust.serverDirectoryProblem(dir, (int) ME)).contains(dir + " is writable by group or others (mode"
                + " 1777); the agent writes only where nobody but its owner can: chmod go-w " + dir.toRealPath());
    }

    /**
     * Where the agent renames a file into place, the directory's owner could swap the file or plant a link under its
     * name: it must be the agent's user, root or the owner the file itself will have.
     */
    @Test
    void aFileIsWrittenOnlyIntoADirectoryOfTheAgentRootOrTheFilesOwner() throws IOException {
        int owner = ME == 0 ? NOBODY : (int) ME;
        Files.setAttribute(dir, "unix:uid", owner); // root gives it away, anyone else keeps it
        FileTrust asAnotherAgent = FileTrust.ofUser(owner + 1);

        assertThat(asAnotherAgent.writeDirectoryProblem(dir, owner)).isEmpty();
        assertThat(FileTrust.ofUser(owner).writeDirectoryProblem(dir, owner + 2)).isEmpty();
        assertThat(asAnotherAgent.writeDirectoryProblem(dir, owner + 2)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith(dir + " belongs to ").contains("(uid " + owner + "), not to the "
                        + "agent's user (uid " + (owner + 1) + "), the file's owner (uid " + (owner + 2) + ") or root, "
                        + "so its owner could replace what it holds"));

        Files.setAttribute(dir, "unix:mode", 0775);
        assertThat(asAnotherAgent.writeDirectoryProblem(dir, owner)).contains(dir + " is writable by group or others "
                + "(mode 0775) without the sticky bit, so they could replace what it holds: chmod go-w " + dir);
    }

    /**
     * Whoever may write in a directory above it could move the directory the agent writes in aside, for one of their
     * own, between the agent's look and its rename.
     */
    @Test
    void aFileIsWrittenOnlyWhereNoDirectoryAboveOthersMayWriteIn() throws IOException {
        Path inner = Files.createDirectory(dir.resolve("main"));
        Files.setAttribute(dir, "unix:mode", 0777);

        assertThat(trust.writeDirectoryProblem(inner, (int) ME)).contains(dir.toRealPath() + ", a directory above "
                + inner + ", is writable by group or others (mode 0777) without the sticky bit, so they could replace "
                + "what it holds: chmod go-w " + dir.toRealPath());

        Files.setAttribute(dir, "unix:mode", 01777); // as /tmp: nobody may move what is not theirs
        assertThat(trust.writeDirectoryProblem(inner, (int) ME)).isEmpty();
    }

    @Test
    void aFileIsWrittenOnlyWhereEveryDirectoryAboveIsTheAgentsRootsOrTheFilesOwners() throws IOException {
        assumeTrue(ME == 0, "needs root to give a directory away");
        Path inner = Files.createDirectory(dir.resolve("main"));
        Files.setAttribute(dir, "unix:uid", NOBODY);
        Path above = dir.toRealPath();

        assertThat(trust.writeDirectoryProblem(inner, 0)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(above + ", a directory above " + inner + ", belongs to ")
                .endsWith("(uid " + NOBODY + "), not to the agent's user (uid 0), the file's owner (uid 0) or root, "
                        + "so its owner could replace what it holds"));
        assertThat(trust.writeDirectoryProblem(inner, NOBODY)).as("the file's owner could change it anyway").isEmpty();
    }

    @Test
    void theStateDirectoryMustBePrivate() throws IOException {
        Path state = Files.createDirectory(tmp.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(trust.privateDirectoryProblem(state)).isEmpty();

        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(trust.privateDirectoryProblem(state)).contains(state + " is open to others (mode 0755); the agent"
                + " keeps its state only in a directory of mode 0700 or 0750: chmod 0700 " + state.toRealPath());
    }

    @Test
    void aMissingFileIsNamed() {
        assertThat(trust.fileProblem(dir.resolve("gone.yaml"), Readers.ANYONE))
                .contains("no such file: " + dir.resolve("gone.yaml"));
    }

    private FileTrust.FileStamp stamp(Path file) {
        FileTrust.FileJudgement judgement = trust.judgeFile(file, Readers.ANYONE);
        assertThat(judgement.problem()).isEmpty();
        return judgement.stamp().orElseThrow();
    }

    @Test
    void stampsDifferingInAnyOneAttributeAreNotEqual() throws Exception {
        // FileStamp's equals is written by hand (numbers first): every attribute a new one adds must take part in it
        Constructor<FileStamp> canonical = FileStamp.class.getDeclaredConstructor(
                Arrays.stream(FileStamp.class.getRecordComponents()).map(RecordComponent::getType)
                        .toArray(Class<?>[]::new));
        FileStamp stamp = trust.judgeFile(spec, Readers.ANYONE).stamp().orElseThrow();
        RecordComponent[] components = FileStamp.class.getRecordComponents();
        for (int changed = 0; changed < components.length; changed++) {
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                Object value = components[i].getAccessor().invoke(stamp);
                values[i] = i == changed ? another(value) : value;
            }
            FileStamp other = canonical.newInstance(values);

            assertThat(other).as(components[changed].getName()).isNotEqualTo(stamp);
            assertThat(canonical.newInstance(values)).as("equal to itself").isEqualTo(other)
                    .hasSameHashCodeAs(other);
        }
    }

    private static Object another(Object value) {
        if (value instanceof Path path) {
            return path.resolveSibling("other");
        } else if (value instanceof Long number) {
            return number + 1;
        } else if (value instanceof Integer number) {
            return number + 1;
        } else if (value instanceof FileTime time) {
            return FileTime.fromMillis(time.toMillis() + 1000);
        }
        throw new AssertionError("no other value of " + value.getClass() + " in this test yet: add one");
    }
}
