package dev.pgstate.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config-examples/pgstate.service: a notify service with the hardening the README promises, and valid to systemd. */
class UnitFileTest {

    private static final Path UNIT = Path.of(System.getProperty("pgstate.unit", "../config-examples/pgstate.service"));

    @Test
    void runsAsTheClusterUserAsANotifyServiceWithLeastPrivilege() throws IOException {
        Map<String, String> service = section("Service");

        assertThat(service).containsEntry("Type", "notify")
                .containsEntry("User", "postgres")
                .containsEntry("ExecStart", "/usr/bin/pgstate run --spec /etc/pgstate/pgstate.yaml --state-directory /var/lib/pgstate")
                .containsEntry("ExecReload", "/bin/kill -HUP $MAINPID")
                .containsEntry("ProtectSystem", "strict")
                .containsEntry("ReadWritePaths", "-/etc/postgresql /var/lib/pgstate")
                .containsEntry("NoNewPrivileges", "true")
                .containsEntry("PrivateTmp", "true")
                .containsEntry("ProtectHome", "true")
                .containsEntry("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6")
                .containsEntry("CapabilityBoundingSet", "")
                .containsKey("WatchdogSec")
                .doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(section("Install")).containsEntry("WantedBy", "multi-user.target");
    }

    /** systemd's own check, on a copy whose ExecStart exists here (the real one is checked by DebPackageIT). */
    @Test
    void systemdAnalyzeVerifiesIt(@TempDir Path dir) throws Exception {
        assumeTrue(Commands.onPath("systemd-analyze"), "systemd-analyze is not installed");
        Path copy = dir.resolve("pgstate.service");
        Files.writeString(copy, Files.readString(UNIT).replace("/usr/bin/pgstate", "/bin/true"));

        Commands verify = Commands.run("systemd-analyze", "verify", copy.toString());

        assertThat(verify.output()).as("systemd-analyze verify").doesNotContain("pgstate.service:");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    /** The keys of one [Section], ignoring comments; a key given twice keeps its last value, as in systemd. */
    private static Map<String, String> section(String name) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        String current = "";
        for (String line : Files.readAllLines(UNIT)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                current = trimmed.substring(1, trimmed.length() - 1);
            } else if (current.equals(name)) {
                int equals = trimmed.indexOf('=');
                keys.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
            }
        }
        return keys;
    }
}
