package dev.pgstate.agent.saved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.facade.StateDirectory;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan file's own checks: what it holds, and every file apply must refuse, with a message that says why. */
class SavedPlanTest {

    private static final Plan EMPTY = new Plan(List.of(), List.of(), List.of());

    @TempDir
    Path dir;

    private HmacSha256 mac;
    private Path file;

    @BeforeEach
    void keyAndFile() throws IOException {
        mac = StateDirectory.in(dir.resolve("state")).macFor("saved plans");
        file = dir.resolve("plan.json");
    }

    @Test
    void aWrittenPlanReadsBackAsItWas() throws IOException {
        SavedPlan saved = SavedPlan.of("1.2.3", Path.of("/etc/pgstate/spec.yaml"), "ab12", Map.of("role.app", "cd34"),
                EMPTY);
        saved.write(file, mac);

        SavedPlan read = SavedPlan.read(file, mac, "1.2.3");
        assertThat(read.specFile()).isEqualTo(Path.of("/etc/pgstate/spec.yaml"));
        assertThat(read.specSha256()).isEqualTo("ab12");
        assertThat(read.liveDigests()).containsExactly(Map.entry("role.app", "cd34"));
        assertThat(read.samePlanAs(EMPTY)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anEditedFileIsRefused() throws IOException {
        SavedPlan.of("1.2.3", Path.of("/spec.yaml"), "ab12", Map.of("role.app", "cd34"), EMPTY).write(file, mac);
        Files.writeString(file, Files.readString(file).replace("cd34", "cd35"));

        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessage("plan file " + file + " refused: its seal does not match: it was changed after plan "
                        + "wrote it, or written with another state directory");
    }

    @Test
    void aFileOfAnotherStateDirectoryIsRefused() throws IOException {
        SavedPlan.of("1.2.3", Path.of("/spec.yaml"), "ab12", Map.of(), EMPTY).write(file, mac);
        HmacSha256 other = StateDirectory.in(dir.resolve("other")).macFor("saved plans");

        assertThatThrownBy(() -> SavedPlan.read(file, other, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessageContaining("its seal does not match");
    }

    @Test
    void aFileOfAnotherVersionIsRefused() throws IOException {
        SavedPlan.of("1.2.3", Path.of("/spec.yaml"), "ab12", Map.of(), EMPTY).write(file, mac);

        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.3.0")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessage("plan file " + file + " refused: it was made by pgstate agent 1.2.3, this is 1.3.0: "
                        + "plan again with this one");
    }

    @Test
    void aFileOthersMayReadOrWriteIsRefused() throws IOException {
        SavedPlan.of("1.2.3", Path.of("/spec.yaml"), "ab12", Map.of(), EMPTY).write(file, mac);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessageStartingWith("plan file " + file + " refused: ").hasMessageContaining("open to group or others");
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        assumeTrue(new UnixSystem().getUid() == 0, "only root can give a file to another user");
        SavedPlan.of("1.2.3", Path.of("/spec.yaml"), "ab12", Map.of(), EMPTY).write(file, mac);
        Files.setAttribute(file, "unix:uid", 65534);

        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessageStartingWith("plan file " + file + " refused: ").hasMessageContaining("uid 65534");
    }

    @Test
    void aSymbolicLinkIsRefused() throws IOException {
        SavedPlan.of("1.2.3", Path.of("/spec.yaml"), "ab12", Map.of(), EMPTY).write(file, mac);
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), file);

        assertThatThrownBy(() -> SavedPlan.read(link, mac, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessage("plan file " + link + " refused: it is a symbolic link or not a regular file: give the "
                        + "file itself");
    }

    @Test
    void aFileThatIsNotASavedPlanIsRefused() throws IOException {
        Files.writeString(file, "roles: []\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessageStartingWith("plan file " + file + " refused: it is not JSON");

        Files.writeString(file, "{\"changes\": []}\n");
        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessage("plan file " + file + " refused: it is not a saved plan of this agent (no \"format\": "
                        + "\"pgstate saved plan 1\")");
    }

    @Test
    void aFileLargerThanTheAgentReadsIsRefusedBeforeItIsRead() throws IOException {
        // a 50 MB file ran the packaged agent (-Xmx64m) out of memory, with a stack trace, in the walk-through
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(SavedPlan.MAX_BYTES + 1);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.2.3")).isInstanceOf(SavedPlan.Refused.class)
                .hasMessage("plan file " + file + " refused: it is larger than " + SavedPlan.MAX_BYTES / (1 << 20)
                        + " MB, the most the agent reads of a saved plan (an eighth of its heap, -Xmx in JAVA_OPTS)");
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> SavedPlan.read(file, mac, "1.2.3")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void movedObjectsAreNamedOneByOne() {
        SavedPlan saved = SavedPlan.of("1.2.3", Path.of("/spec.yaml"), "ab12",
                Map.of("role.app", "1", "role.gone", "2", "database.x", "3"), EMPTY);

        assertThat(saved.moved(Map.of("role.app", "9", "role.new", "4", "database.x", "3")))
                .containsExactly("role.app changed since the plan was made",
                        "role.gone disappeared since the plan was made", "role.new appeared since the plan was made");
    }
}
