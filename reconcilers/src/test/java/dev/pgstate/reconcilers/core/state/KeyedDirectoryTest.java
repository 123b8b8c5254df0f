package dev.pgstate.reconcilers.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory and its key: made private, refused when others may write it, the key kept 0600 and read back
 * by the next process, a foreign or damaged key replaced, and each use's MAC derived from the key as it always was
 * (a directory written before keeps sealing the same).
 */
class KeyedDirectoryTest {

    private static final byte[] DATA = "a saved plan".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aMissingDirectoryIsMadePrivate() throws IOException {
        Path state = dir.resolve("state");
        KeyedDirectory.in(state);

        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(state.resolve(KeyedDirectory.KEY_FILE)).as("no key written before a use needs it").doesNotExist();
    }

    @Test
    void aStateDirectoryOthersCanWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> KeyedDirectory.in(open)).isInstanceOf(IOException.class)
                .hasMessageContaining("chmod 0700");
    }

    @Test
    void aMacForAnotherUseIsTheSameForEveryProcessOfTheDirectoryAndNotTheKeysOwn() throws IOException {
        byte[] first = KeyedDirectory.in(dir).macFor("saved plans").mac(DATA);

        assertThat(mode(dir.resolve(KeyedDirectory.KEY_FILE))).as("the new key is kept at once").isEqualTo("rw-------");
        assertThat(KeyedDirectory.in(dir).keyUnsaved()).isFalse();
        assertThat(KeyedDirectory.in(dir).macFor("saved plans").mac(DATA)).isEqualTo(first);
        assertThat(KeyedDirectory.in(dir).macFor("another use").mac(DATA)).isNotEqualTo(first);
        assertThat(KeyedDirectory.in(dir).checksMac().mac(DATA)).isNotEqualTo(first);
        assertThat(KeyedDirectory.in(dir).quickMacFor("saved plans").mac(DATA)).as("SipHash, for large files")
                .isEqualTo(KeyedDirectory.in(dir).quickMacFor("saved plans").mac(DATA))
                .isNotEqualTo(KeyedDirectory.in(dir).quickMacFor("another use").mac(DATA));
        assertThatThrownBy(() -> KeyedDirectory.inMemory().macFor("saved plans")).isInstanceOf(IOException.class)
                .hasMessage("no state directory: a key kept in memory only dies with this process");
    }

    @Test
    void aKeyMadeWhenFirstNeededIsTheSameForTheDirectorysLifeAndKeptWithItsFirstFile() throws IOException {
        KeyedDirectory inMemory = KeyedDirectory.inMemory();
        assertThat(inMemory.checksMac().mac(DATA)).as("one key for the object's life").isEqualTo(
                inMemory.checksMac().mac(DATA)).isNotEqualTo(KeyedDirectory.inMemory().checksMac().mac(DATA));

        KeyedDirectory fresh = KeyedDirectory.in(dir);
        byte[] before = fresh.checksMac().mac(DATA);
        fresh.writeOwn("some state", DATA);

        assertThat(fresh.keyUnsaved()).isFalse();
        assertThat(KeyedDirectory.in(dir).checksMac().mac(DATA)).as("the key used before it was kept")
                .isEqualTo(before);
    }

    @Test
    void theKeyFileOfAnExistingDirectoryKeepsItsFormatAndDerivation() throws IOException {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        Path file = dir.resolve("password-checks.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        // HMAC-SHA-256 of "pgstate saved plans" under the key, then of the data under that: as written before the split
        assertThat(Base64.getEncoder().encodeToString(KeyedDirectory.in(dir).macFor("saved plans").mac(DATA)))
                .isEqualTo(expectedSavedPlanSeal(key));
        assertThat(KeyedDirectory.in(dir).keyUnsaved()).isFalse();
    }

    @Test
    void aKeyOthersMayReadOrADamagedOneIsReplacedByANewOne() throws IOException {
        Path file = dir.resolve(KeyedDirectory.KEY_FILE);
        byte[] first = KeyedDirectory.in(dir).macFor("saved plans").mac(DATA);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        KeyedDirectory exposed = KeyedDirectory.in(dir);
        assertThat(exposed.keyUnsaved()).isTrue();
        byte[] second = exposed.macFor("saved plans").mac(DATA);
        assertThat(second).isNotEqualTo(first);
        assertThat(mode(file)).isEqualTo("rw-------");

        Files.writeString(file, "short\n");
        assertThat(KeyedDirectory.in(dir).keyUnsaved()).as("a damaged key").isTrue();
    }

    /** The seal computed here with the JDK alone, not through the class under test. */
    private static String expectedSavedPlanSeal(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] derived = mac.doFinal("pgstate saved plans".getBytes(StandardCharsets.UTF_8));
            mac.init(new SecretKeySpec(derived, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(DATA));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
