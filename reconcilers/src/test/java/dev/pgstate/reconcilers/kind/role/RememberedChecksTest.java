package dev.pgstate.reconcilers.kind.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.security.auth.module.UnixSystem;
import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.reconcilers.kind.role.RememberedChecks.Known;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The remembered checks on disk: kept 0600 in a private directory, trusted only when they are the agent's own,
 * intact and sealed by the key beside them; anything else is ignored and replaced.
 */
class RememberedChecksTest {

    private static final Secret SECRET = Secret.of("correct horse".toCharArray());
    private static final ScramVerifier STORED = Scram.verifier(SECRET, 4096);

    @TempDir
    Path dir;

    @Test
    void aCheckKeptByOneProcessIsKnownToTheNextInAPrivateDirectory() throws IOException {
        Path state = dir.resolve("state");
        rememberMatch(state);

        assertThat(checksIn(state).known("app", SECRET, STORED).map(Known::matched)).contains(true);
        assertThat(checksIn(state).known("other", SECRET, STORED)
                .map(Known::matched)).as("another role").isEmpty();
        assertThat(checksIn(state).known("app", Secret.of("wrong".toCharArray()), STORED)
                .map(Known::matched)).isEmpty();
        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(state.resolve(KeyedDirectory.KEY_FILE))).isEqualTo("rw-------");
        assertThat(mode(state.resolve(RememberedChecks.CHECKS_FILE))).isEqualTo("rw-------");
    }

    @Test
    void theFileHoldsNeitherThePasswordNorAnyPartOfTheVerifier() throws IOException {
        rememberMatch(dir);

        String kept = Files.readString(dir.resolve(RememberedChecks.CHECKS_FILE))
                + Files.readString(dir.resolve(KeyedDirectory.KEY_FILE));
        assertThat(kept).doesNotContain("correct horse").doesNotContain("SCRAM");
        for (String part : STORED.text().split("[$:]")) {
            if (part.length() > 8) { // salt, stored key, server key (the iteration count could occur by chance)
                assertThat(kept).doesNotContain(part);
            }
        }
    }

    @Test
    void aPlanThatChecksNothingLeavesASealedFileOfNoneForTheLauncher() throws IOException {
        Path state = dir.resolve("state");
        checksIn(state).keep(Set.of()); // a new directory: even nothing to remember is written
        Path checks = state.resolve(RememberedChecks.CHECKS_FILE);
        assertThat(checks).isNotEmptyFile(); // the launcher's sign that the next plan needs no PBKDF2
        assertThat(mode(checks)).isEqualTo("rw-------");
        // which the launcher knows by the file's first line: the form it looks for is the one written
        assertThat(Files.readString(Path.of("../packaging/src/deb/pgstate")))
                .contains("= \"" + Files.readAllLines(checks).get(0) + "\" ]");
        assertThat(checksIn(state).known("app", SECRET, STORED)).isEmpty();

        Files.delete(checks); // the key stays: a directory with the key but no file of checks gets one again
        checksIn(state).keep(Set.of());
        assertThat(checks).isNotEmptyFile();

        FileTime written = Files.getLastModifiedTime(checks);
        Files.setLastModifiedTime(checks, FileTime.fromMillis(written.toMillis() - 60_000));
        checksIn(state).keep(Set.of()); // what is there already: nothing written
        assertThat(Files.getLastModifiedTime(checks).toMillis()).isEqualTo(written.toMillis() - 60_000);
    }

    @Test
    void filesOthersMayReadOrWriteAreIgnoredAndReplaced() throws IOException {
        for (String file : new String[] {KeyedDirectory.KEY_FILE, RememberedChecks.CHECKS_FILE}) {
            rememberMatch(dir);
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));

            assertThat(checksIn(dir).known("app", SECRET, STORED).map(Known::matched)).as(file).isEmpty();
            rememberMatch(dir);
            assertThat(mode(dir.resolve(file))).isEqualTo("rw-------");
            assertThat(checksIn(dir).known("app", SECRET, STORED).map(Known::matched)).contains(true);
        }
    }

    @Test
    void filesOfAnotherOwnerAreIgnoredAndReplaced() throws IOException {
        assumeTrue(new UnixSystem().getUid() == 0, "only root can give a file to another user");
        for (String file : new String[] {KeyedDirectory.KEY_FILE, RememberedChecks.CHECKS_FILE}) {
            rememberMatch(dir);
            Files.setAttribute(dir.resolve(file), "unix:uid", 65534);

            assertThat(checksIn(dir).known("app", SECRET, STORED).map(Known::matched)).as(file).isEmpty();
            rememberMatch(dir);
            assertThat(Files.getAttribute(dir.resolve(file), "unix:uid")).isEqualTo(0);
            assertThat(checksIn(dir).known("app", SECRET, STORED).map(Known::matched)).contains(true);
        }
    }

    @Test
    void aLinkInPlaceOfTheFileIsIgnoredAndReplacedWithoutTouchingItsTarget() throws IOException {
        rememberMatch(dir);
        Path elsewhere = dir.resolve("elsewhere");
        Files.move(dir.resolve(RememberedChecks.CHECKS_FILE), elsewhere);
        String target = Files.readString(elsewhere);
        Files.createSymbolicLink(dir.resolve(RememberedChecks.CHECKS_FILE), elsewhere);
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-r--r--"));
        Logger log = (Logger) LoggerFactory.getLogger(KeyedDirectory.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try {
            assertThat(checksIn(dir).known("app", SECRET, STORED).map(Known::matched)).isEmpty();
        } finally {
            log.detachAppender(warnings);
        }
        rememberMatch(dir);

        // the link is what is wrong, not its target's mode: that file is not the agent's to chmod
        assertThat(warnings.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("symbolic link").doesNotContain("chmod");

        assertThat(Files.isSymbolicLink(dir.resolve(RememberedChecks.CHECKS_FILE))).isFalse();
        assertThat(Files.readString(elsewhere)).isEqualTo(target);
    }

    @Test
    void checksSealedByAnotherKeyOrDamagedAreNotTrusted() throws IOException {
        Path other = dir.resolve("other");
        rememberMatch(dir);
        rememberMatch(other);
        Files.copy(other.resolve(RememberedChecks.CHECKS_FILE), dir.resolve(RememberedChecks.CHECKS_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(checksIn(dir).known("app", SECRET, STORED)
                .map(Known::matched)).as("another key's").isEmpty();

        rememberMatch(dir);
        String whole = Files.readString(dir.resolve(RememberedChecks.CHECKS_FILE));
        // the very file with the first line of the form before: the launcher and the agent both read it as a miss
        String formBefore = whole.replaceFirst("pgstate password checks 2", "pgstate password checks 1");
        for (String damaged : new String[] {"", "pgstate password checks 2\n", "garbage\n\0\n", formBefore}) {
            rememberMatch(dir);
            Files.writeString(dir.resolve(RememberedChecks.CHECKS_FILE), damaged);
            assertThat(checksIn(dir).known("app", SECRET, STORED).map(Known::matched)).isEmpty();
        }
        Files.writeString(dir.resolve(KeyedDirectory.KEY_FILE), "short\n");
        assertThat(checksIn(dir).known("app", SECRET, STORED)
                .map(Known::matched)).as("a damaged key").isEmpty();
    }

    @Test
    void aRememberedMismatchIsAMismatchAndNothingElse() throws IOException {
        RememberedChecks checks = checksIn(dir);
        checks.keep(Set.of(checks.fingerprint("app", SECRET, STORED, false)));

        assertThat(checksIn(dir).known("app", SECRET, STORED)
                .map(Known::matched)).isEqualTo(Optional.of(false));
    }

    @Test
    void aFirstPlanWithNoPasswordToCheckLeavesASealedFileSayingSoAndTheNextWritesNothing() throws IOException {
        Path state = dir.resolve("state");
        Path file = state.resolve(RememberedChecks.CHECKS_FILE);
        PasswordVerdicts.remembering(checksIn(state)).start(List.of());

        // the launcher starts a plan at C1 only when this file is there and the agent's: a spec without passwords
        // must not run every later plan with both compilers, as a first plan of secrets does
        assertThat(file).isNotEmptyFile();
        assertThat(mode(file)).isEqualTo("rw-------");
        Object written = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        PasswordVerdicts.remembering(checksIn(state)).start(List.of());
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).as("not replaced").isEqualTo(written);

        Files.writeString(file, "pgstate password checks 2\nend damaged\n");
        PasswordVerdicts.remembering(checksIn(state)).start(List.of());
        assertThat(Files.readString(file)).as("a damaged file is replaced").doesNotContain("damaged");
    }

    private static RememberedChecks checksIn(Path state) throws IOException {
        return RememberedChecks.in(KeyedDirectory.in(state));
    }

    private static void rememberMatch(Path state) throws IOException {
        RememberedChecks checks = checksIn(state);
        checks.keep(Set.of(checks.fingerprint("app", SECRET, STORED, true)));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
