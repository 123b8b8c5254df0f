package dev.pgstate.reconcilers.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.security.auth.module.UnixSystem;
import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecJson;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.secret.KeyedMac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The spec kept in the state directory: found by the next process for the very same bytes and build only, and
 * trusted only when it is the agent's own file, whole and sealed by the directory's key.
 */
class KeptSpecTest {

    /** The bytes the spec is kept for (any bytes do: the spec kept is whatever the caller parsed them into). */
    private static final byte[] BYTES = "roles: [{name: app}]\n".getBytes(StandardCharsets.UTF_8);
    private static final Spec SPEC = Specs.load("spec.yaml", String.join("\n",
            "roles:",
            "  - {name: app, login: true, password: {file: /etc/pgstate/secrets/app}}",
            "  - {name: \"r\u00f4le \u2603\", settings: {search_path: \"'$user', public\"}}",
            "databases:",
            "  - {name: appdb, owner: app}",
            ""));

    @TempDir
    Path dir;

    @Test
    void aSpecKeptByOneProcessIsFoundByTheNextForTheSameBytesOnly() throws IOException {
        Path state = dir.resolve("state");
        keptIn(state).keep(BYTES, SPEC);

        assertThat(keptIn(state).spec(BYTES)).contains(SPEC);
        assertThat(keptIn(state).spec("roles: [{name: app2}]\n".getBytes(StandardCharsets.UTF_8))).as("other bytes")
                .isEmpty();
        assertThat(Files.getPosixFilePermissions(state.resolve(KeptSpec.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String bytesMac = Base64.getEncoder().encodeToString(
                KeyedDirectory.in(state).quickMacFor("parsed spec").mac(BYTES));
        assertThat(Files.readAllLines(state.resolve(KeptSpec.FILE), StandardCharsets.US_ASCII)).hasSize(3)
                .first().asString().isEqualTo("pgstate parsed spec 2 " + SpecJson.BUILD + " " + bytesMac);
    }

    @Test
    void withoutADirectoryNothingIsKept() throws IOException {
        Specs.Kept kept = KeptSpec.in(KeyedDirectory.inMemory());
        kept.keep(BYTES, SPEC);

        assertThat(kept.spec(BYTES)).isEmpty();
    }

    @Test
    void aSpecSealedForAnotherBuildIsAMiss() throws IOException {
        keptIn(dir).keep(BYTES, SPEC);
        Path file = dir.resolve(KeptSpec.FILE);
        // sealed anew under the directory's key, as that other build would have written it
        KeyedMac mac = KeyedDirectory.in(dir).quickMacFor("parsed spec");
        String otherBuild = KeyedDirectory.unsealed(Files.readString(file), mac).orElseThrow()
                .replace(SpecJson.BUILD, "0.0.1@2020-01-01");
        Files.write(file, KeyedDirectory.sealed(otherBuild, mac));

        List<ILoggingEvent> warnings = warningsWhile(() -> keptIn(dir).spec(BYTES));

        assertThat(warnings).as("a plain miss, not a file to distrust").isEmpty();
    }

    /** The bytes are named by their MAC under the directory's key: another directory's file names other bytes. */
    @Test
    void aSpecKeptInAnotherStateDirectoryIsAMiss() throws IOException {
        Path other = dir.resolve("other");
        keptIn(dir).keep(BYTES, SPEC);
        String ownHeader = Files.readAllLines(dir.resolve(KeptSpec.FILE)).get(0);
        keptIn(other).keep(BYTES, SPEC);
        Files.copy(other.resolve(KeptSpec.FILE), dir.resolve(KeptSpec.FILE), StandardCopyOption.REPLACE_EXISTING);

        List<ILoggingEvent> warnings = warningsWhile(() -> keptIn(dir).spec(BYTES));

        assertThat(warnings).isEmpty();
        assertThat(Files.readAllLines(dir.resolve(KeptSpec.FILE)).get(0)).isNotEqualTo(ownHeader);
    }

    @Test
    void aDamagedTruncatedOrForeignlySealedFileIsIgnoredWithAWarningAndReplaced() throws IOException {
        Path file = dir.resolve(KeptSpec.FILE);
        Path other = dir.resolve("other");
        keptIn(other).keep(BYTES, SPEC);
        keptIn(dir).keep(BYTES, SPEC);
        String whole = Files.readString(file);
        int nameAt = whole.indexOf("\"app\"") + 1;
        List<String> broken = List.of(
                whole.substring(0, nameAt) + "b" + whole.substring(nameAt + 1), // a byte changed in the JSON
                whole.substring(0, whole.length() / 2), // truncated
                whole.substring(0, whole.lastIndexOf("end ")), // no seal
                sealedUnderAnotherKey(whole, other)); // this spec's header and JSON, another directory's seal
        for (String text : broken) {
            Files.writeString(file, text);

            List<ILoggingEvent> warnings = warningsWhile(() -> keptIn(dir).spec(BYTES));

            assertThat(warnings).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("not a spec sealed by the key beside it");
            keptIn(dir).keep(BYTES, SPEC);
            assertThat(keptIn(dir).spec(BYTES)).contains(SPEC);
        }
    }

    @Test
    void aFileOthersMayReadOrALinkIsIgnoredAndReplaced() throws IOException {
        Path file = dir.resolve(KeptSpec.FILE);
        keptIn(dir).keep(BYTES, SPEC);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(keptIn(dir).spec(BYTES)).isEmpty();

        keptIn(dir).keep(BYTES, SPEC);
        Path elsewhere = Files.move(file, dir.resolve("elsewhere"));
        Files.createSymbolicLink(file, elsewhere);
        assertThat(keptIn(dir).spec(BYTES)).isEmpty();

        keptIn(dir).keep(BYTES, SPEC);
        assertThat(file).isRegularFile();
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(keptIn(dir).spec(BYTES)).contains(SPEC);
    }

    @Test
    void aFileOfAnotherOwnerIsIgnored() throws IOException {
        assumeTrue(new UnixSystem().getUid() == 0, "only root can give a file to another user");
        keptIn(dir).keep(BYTES, SPEC);
        Files.setAttribute(dir.resolve(KeptSpec.FILE), "unix:uid", 65534);

        assertThat(keptIn(dir).spec(BYTES)).isEmpty();
    }

    @Test
    void aNewKeyTrustsNoFileSealedUnderTheOldOne() throws IOException {
        keptIn(dir).keep(BYTES, SPEC);
        Path copy = Files.copy(dir.resolve(KeptSpec.FILE), dir.resolve("copy"));
        Files.delete(dir.resolve(KeyedDirectory.KEY_FILE));
        Files.move(copy, dir.resolve(KeptSpec.FILE), StandardCopyOption.REPLACE_EXISTING);

        assertThat(keptIn(dir).spec(BYTES)).isEmpty();
    }

    private interface Finding {
        Optional<Spec> spec() throws IOException;
    }

    private String sealedUnderAnotherKey(String whole, Path other) throws IOException {
        String body = KeyedDirectory.unsealed(whole, KeyedDirectory.in(dir).quickMacFor("parsed spec")).orElseThrow();
        return new String(KeyedDirectory.sealed(body, KeyedDirectory.in(other).quickMacFor("parsed spec")),
                StandardCharsets.US_ASCII);
    }

    private static Specs.Kept keptIn(Path state) throws IOException {
        return KeptSpec.in(KeyedDirectory.in(state));
    }

    /** What {@code find} logged as ignored, after checking that it found nothing. */
    private static List<ILoggingEvent> warningsWhile(Finding find) throws IOException {
        Logger log = (Logger) LoggerFactory.getLogger(KeyedDirectory.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try {
            assertThat(find.spec()).isEmpty();
        } finally {
            log.detachAppender(warnings);
        }
        return warnings.list;
    }
}
