package dev.pgstate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecException;
import dev.pgstate.model.load.SpecProblem;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Specs#read(Path, Specs.ContentCheck, Specs.Kept)}: a spec whose bytes were parsed before is taken from where
 * it is kept, not parsed again; everything about the file that is not its bytes is checked all the same.
 */
class KeptSpecReadTest {

    private static final String YAML = String.join("\n",
            "roles:",
            "  - name: app",
            "    login: true",
            "databases:",
            "  - {name: appdb, owner: app}",
            "");

    @TempDir
    Path dir;

    /** Kept in memory, as a state directory keeps them across processes. */
    private final Map<String, Spec> kept = new HashMap<>();
    private final Specs.Kept inMemory = new Specs.Kept() {
        @Override
        public Optional<Spec> spec(byte[] content) {
            return Optional.ofNullable(kept.get(new String(content, StandardCharsets.UTF_8)));
        }

        @Override
        public void keep(byte[] content, Spec spec) {
            kept.put(new String(content, StandardCharsets.UTF_8), spec);
        }
    };

    @Test
    void aSpecParsedOnceIsKeptForItsBytesAndTakenFromThereNextTime() throws IOException {
        Path file = Files.writeString(dir.resolve("spec.yaml"), YAML);

        Spec first = Specs.read(file, Specs.ContentCheck.NONE, inMemory).spec();

        assertThat(kept).containsOnlyKeys(YAML).containsEntry(YAML, Specs.load(file));
        // what is kept is what the next read gives, without parsing: a spec the file does not hold shows it
        Spec marked = first.toBuilder().roles(RoleSpec.builder("marked").build()).build();
        kept.put(YAML, marked);
        LoadedSpec second = Specs.read(file, Specs.ContentCheck.NONE, inMemory);
        assertThat(second.spec()).isEqualTo(marked);
        // where a field was written is still found, from the file's bytes
        assertThat(second.source().problemAt("databases[0].owner", "x"))
                .isEqualTo(new SpecProblem(file.toString(), 5, 19, "databases[0].owner", "x"));
    }

    @Test
    void anEditedFileIsParsedAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("spec.yaml"), YAML);
        Specs.read(file, Specs.ContentCheck.NONE, inMemory);
        Files.writeString(file, YAML.replace("login: true", "login: false"));

        Spec edited = Specs.read(file, Specs.ContentCheck.NONE, inMemory).spec();

        assertThat(edited.role("app").orElseThrow().login()).isFalse();
        assertThat(kept).hasSize(2);
    }

    @Test
    void anInvalidSpecIsNeverKept() throws IOException {
        Path file = Files.writeString(dir.resolve("spec.yaml"),
                YAML.replace("owner: app", "owner: app, connection_limit: -5"));

        assertThatThrownBy(() -> Specs.read(file, Specs.ContentCheck.NONE, inMemory))
                .isInstanceOf(SpecException.class);
        assertThat(kept).isEmpty();
    }

    @Test
    void theContentCheckTheFilesTrustAndTheRestartProgramAreCheckedForAKeptSpecToo() throws IOException {
        Path program = Files.writeString(dir.resolve("restart"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(dir.resolve("spec.yaml"),
                YAML + "server:\n  restart_command: " + program + "\n");
        Specs.read(file, Specs.ContentCheck.NONE, inMemory);
        assertThat(kept).hasSize(1);

        assertThatThrownBy(() -> Specs.read(file, (f, content) -> {
            throw SpecException.of(new SpecProblem(f.toString(), 1, 1, "", "not signed"));
        }, inMemory)).isInstanceOf(SpecException.class).hasMessageContaining("not signed");

        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> Specs.read(file, Specs.ContentCheck.NONE, inMemory))
                .isInstanceOf(SpecException.class).hasMessageContaining("server.restart_command: refused");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> Specs.read(file, Specs.ContentCheck.NONE, inMemory))
                .isInstanceOf(SpecException.class).hasMessageContaining("refused");
    }
}
