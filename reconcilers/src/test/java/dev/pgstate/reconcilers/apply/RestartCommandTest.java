package dev.pgstate.reconcilers.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.live.LiveSettings.ConfigFiles;
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
        assertThat(RestartCommand.platformDefault(DEBIAN, Optional.empty(), Set.of("pg_ctlcluster", "systemctl")::contains).shellCommand())
                .isEqualTo("pg_ctlcluster 16 main restart");
        assertThat(RestartCommand.platformDefault(DEBIAN, Optional.empty(), Set.of("systemctl")::contains).shellCommand())
                .isEqualTo("systemctl restart postgresql@16-main");
    }

    @Test
    void anyOtherClusterIsRestartedWithPgCtlOnItsDataDirectory() {
        assertThat(RestartCommand.platformDefault(ELSEWHERE, Optional.empty(), Set.of("pg_ctlcluster")::contains)
                .shellCommand()).isEqualTo("pg_ctl restart -D '/srv/pg data' -m fast -w -t 3600");
    }

    /** pg_ctl restart without -l sends the new server's output to pg_ctl's: the cluster's log would stop there. */
    @Test
    void pgCtlKeepsTheServerLoggingWhereItLogsNow() {
        assertThat(RestartCommand.platformDefault(ELSEWHERE, Optional.of(Path.of("/srv/pg data/server.log")),
                Set.of()::contains).shellCommand())
                .isEqualTo("pg_ctl restart -D '/srv/pg data' -m fast -w -t 3600 -l '/srv/pg data/server.log'");
    }
}
