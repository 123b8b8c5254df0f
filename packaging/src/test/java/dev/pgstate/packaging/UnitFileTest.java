package dev.pgstate.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.SettingsStrategy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsFileSpec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.kind.tls.TlsFileRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** config-examples/pgstate.service: a notify service with the hardening the README promises, and valid to systemd. */
class UnitFileTest {

    private static final Path UNIT = Path.of(System.getProperty("pgstate.unit", "../config-examples/pgstate.service"));
    /** A Debian cluster's configuration and data directories (here 16/main; every version is under the same roots). */
    private static final Path DEBIAN_CONFIG = Path.of("/etc/postgresql/16/main");
    private static final Path DEBIAN_DATA = Path.of("/var/lib/postgresql/16/main");

    @Test
    void runsAsTheClusterUserAsANotifyServiceWithLeastPrivilege() throws IOException {
        Map<String, String> service = section("Service");

        assertThat(service).containsEntry("Type", "notify")
                .containsEntry("User", "postgres")
                .containsEntry("ExecStart", "/usr/bin/pgstate run --spec /etc/pgstate/pgstate.yaml --state-directory /var/lib/pgstate")
                .containsEntry("ExecReload", "/bin/kill -HUP $MAINPID")
                .containsEntry("ProtectSystem", "strict")
                .containsEntry("ReadWritePaths", "-/etc/postgresql -/var/lib/postgresql /var/lib/pgstate")
                .containsEntry("NoNewPrivileges", "true")
                .containsEntry("PrivateTmp", "true")
                .containsEntry("ProtectHome", "true")
                .containsEntry("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6")
                .containsEntry("CapabilityBoundingSet", "")
                .containsKey("WatchdogSec")
                .doesNotContainKey("MemoryDenyWriteExecute");
        assertThat(section("Install")).containsEntry("WantedBy", "multi-user.target");
    }

    /**
     * ProtectSystem=strict makes everything else read-only, so each file an example spec makes the agent write on
     * a Debian box (pg_createcluster's layout) must lie under ReadWritePaths, or the service fails to write it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyFileAnExampleWritesIsWritableToTheService(Path example) throws IOException {
        List<Path> writable = Arrays.stream(section("Service").get("ReadWritePaths").split(" "))
                .map(path -> Path.of(path.startsWith("-") ? path.substring(1) : path)).toList();
        Spec spec = Specs.load(example);

        List<Path> written = new ArrayList<>();
        written.add(Path.of(stateDirOfExecStart()));
        if (spec.hba() != null) {
            written.add(DEBIAN_CONFIG.resolve("pg_hba.conf"));
        }
        if (spec.server().strategy() == SettingsStrategy.FILE) {
            written.add(DEBIAN_CONFIG.resolve("conf.d/pgstate.conf"));
        }
        TlsSpec tls = spec.tls();
        if (tls != null) {
            written.add(Path.of(tls.stateDirectory()));
            Map<TlsFileRole, TlsFileSpec> files = new EnumMap<>(TlsFileRole.class);
            files.put(TlsFileRole.CERTIFICATE, tls.certificate());
            files.put(TlsFileRole.KEY, tls.key());
            files.put(TlsFileRole.CA_BUNDLE, tls.caBundle());
            files.put(TlsFileRole.CRL, tls.crl());
            files.forEach((role, file) -> {
                if (file != null) {
                    written.add(DEBIAN_DATA.resolve(file.destination() == null ? role.defaultName() : file.destination()));
                }
            });
        }

        assertThat(written).as("files %s writes, under %s", example.getFileName(), writable)
                .allMatch(path -> writable.stream().anyMatch(path.normalize()::startsWith));
        assertThat(writable).as("nothing broader than a service's own trees").doesNotContain(Path.of("/"),
                Path.of("/etc"), Path.of("/var"), Path.of("/var/lib"));
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(UNIT.getParent())) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static String stateDirOfExecStart() throws IOException {
        List<String> words = List.of(section("Service").get("ExecStart").split(" "));
        return words.get(words.indexOf("--state-directory") + 1);
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
