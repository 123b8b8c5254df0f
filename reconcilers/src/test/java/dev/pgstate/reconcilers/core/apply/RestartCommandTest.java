package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The default restart command follows the platform: Debian's wrapper or unit for its clusters, pg_ctl otherwise. */
class RestartCommandTest {

    private static final ConfigFiles DEBIAN = new ConfigFiles(Path.of("/etc/postgresql/16/main/postgresql.conf"),
            Path.of("/var/lib/postgresql/16/main"), List.of(), true);
    private static final ConfigFiles ELSEWHERE = new ConfigFiles(Path.of("/srv/pg data/postgresql.conf"),
            Path.of("/srv/pg data"), List.of(), true);

    @Test
    void debianClustersUseTheirWrapperOrTheirUnit() {
        assertThat(RestartCommand.platformDefault(DEBIAN, Set.of("pg_ctlcluster", "systemctl")::contains, ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("pg_ctlcluster 16 main restart");
        assertThat(RestartCommand.platformDefault(DEBIAN, Set.of("systemctl")::contains, ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("systemctl restart postgresql@16-main");
    }

    @Test
    void anyOtherClusterIsRestartedWithPgCtlOnItsDataDirectory() {
        assertThat(RestartCommand.platformDefault(ELSEWHERE, Set.of("pg_ctlcluster")::contains, ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("pg_ctl restart -D '/srv/pg data' -m fast -w -t 3600");
    }

    /** The server's own pg_ctl, and its log kept: without -l the new postmaster writes to a deleted temp file. */
    @Test
    void theRunningServersPgCtlAndLogAreUsedToRestartAndToStartIt() {
        ServerProcess server = new ServerProcess(Optional.of(Path.of("/var/log/pg/server.log")),
                Optional.of(Path.of("/usr/lib/postgresql/16/bin")));
        assertThat(RestartCommand.platformDefault(ELSEWHERE, Set.of()::contains, server).shellCommand())
                .isEqualTo("/usr/lib/postgresql/16/bin/pg_ctl restart -D '/srv/pg data' -m fast -w -t 3600"
                        + " -l /var/log/pg/server.log");
        assertThat(RestartCommand.platformStart(ELSEWHERE, Set.of()::contains, server).shellCommand())
                .isEqualTo("/usr/lib/postgresql/16/bin/pg_ctl start -D '/srv/pg data' -w -t 3600"
                        + " -l /var/log/pg/server.log");
        assertThat(RestartCommand.platformStart(DEBIAN, Set.of("pg_ctlcluster")::contains, server).shellCommand())
                .isEqualTo("pg_ctlcluster 16 main start");
    }
}
