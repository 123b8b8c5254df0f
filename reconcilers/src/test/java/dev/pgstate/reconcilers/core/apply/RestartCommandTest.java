package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default restart command follows the platform: Debian's wrapper or unit for its clusters, pg_ctl otherwise. */
class RestartCommandTest {

    private static final ConfigFiles DEBIAN = new ConfigFiles(Path.of("/etc/postgresql/16/main/postgresql.conf"),
            Path.of("/var/lib/postgresql/16/main"), List.of(), true);
    private static final ConfigFiles ELSEWHERE = new ConfigFiles(Path.of("/srv/pg data/postgresql.conf"),
            Path.of("/srv/pg data"), List.of(), true);

    @Test
    void debianClustersUseTheirWrapperOrTheirUnit() {
        assertThat(RestartCommand.platformDefault(DEBIAN, on("pg_ctlcluster", "systemctl"), ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("pg_ctlcluster 16 main restart");
        assertThat(RestartCommand.platformDefault(DEBIAN, on("systemctl"), ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("systemctl restart postgresql@16-main");
    }

    @Test
    void anyOtherClusterIsRestartedWithPgCtlOnItsDataDirectory() {
        assertThat(RestartCommand.platformDefault(ELSEWHERE, on("pg_ctlcluster"), ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("pg_ctl restart -D '/srv/pg data' -m fast -w -t 3600");
    }

    /** The server's own pg_ctl, and its log kept: without -l the new postmaster writes to a deleted temp file. */
    @Test
    void theRunningServersPgCtlAndLogAreUsedToRestartAndToStartIt() {
        ServerProcess server = new ServerProcess(Optional.of(Path.of("/var/log/pg/server.log")),
                Optional.of(Path.of("/usr/lib/postgresql/16/bin")));
        assertThat(RestartCommand.platformDefault(ELSEWHERE, on(), server).shellCommand())
                .isEqualTo("/usr/lib/postgresql/16/bin/pg_ctl restart -D '/srv/pg data' -m fast -w -t 3600"
                        + " -l /var/log/pg/server.log");
        assertThat(RestartCommand.platformStart(ELSEWHERE, on(), server).shellCommand())
                .isEqualTo("/usr/lib/postgresql/16/bin/pg_ctl start -D '/srv/pg data' -w -t 3600"
                        + " -l /var/log/pg/server.log");
        assertThat(RestartCommand.platformStart(DEBIAN, on("pg_ctlcluster"), server).shellCommand())
                .isEqualTo("pg_ctlcluster 16 main start");
    }

    /** The engine's environment decides, not the process's: a test (or the facade) gives the PATH. */
    @Test
    void programsAreLookedUpOnTheHostsPath(@TempDir Path bin, @TempDir Path empty) throws IOException {
        Path wrapper = Files.createFile(bin.resolve("pg_ctlcluster"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(Files.isExecutable(wrapper)).isTrue();

        assertThat(RestartCommand.platformDefault(DEBIAN, Host.of(Map.of("PATH", empty + ":" + bin), "postgres"),
                ServerProcess.UNKNOWN).shellCommand()).isEqualTo("pg_ctlcluster 16 main restart");
        assertThat(RestartCommand.platformDefault(DEBIAN, Host.of(Map.of("PATH", empty.toString()), "postgres"),
                ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("pg_ctl restart -D /var/lib/postgresql/16/main -m fast -w -t 3600");
    }

    /** pg_ctl refuses root: an engine running as root runs it as the data directory's owner. */
    @Test
    void asRootPgCtlRunsAsTheDataDirectorysOwner(@TempDir Path data) throws IOException {
        ConfigFiles files = new ConfigFiles(data.resolve("postgresql.conf"), data, List.of(), true);
        String owner = Files.getOwner(data).getName();
        String asOwner = owner.equals("root") ? "" : "runuser -u " + owner + " -- ";

        assertThat(RestartCommand.platformDefault(files, new Host(program -> false, "root"), ServerProcess.UNKNOWN)
                .shellCommand()).startsWith(asOwner + "pg_ctl restart -D " + data);
        assertThat(RestartCommand.platformDefault(files, new Host(program -> false, owner), ServerProcess.UNKNOWN)
                .shellCommand()).startsWith("pg_ctl restart -D " + data);
    }

    private static Host on(String... programs) {
        return new Host(Set.of(programs)::contains, "postgres");
    }
}
