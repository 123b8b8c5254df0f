package dev.pgstate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the testkit against real servers of every selected major version. */
@ExtendWith(PgExtension.class)
class PgClusterIT {

    private static final Map<Integer, PgCluster> SEEN = new ConcurrentHashMap<>();

    @AcrossPgVersions
    void serverReportsTheRequestedMajorVersion(PgCluster pg) {
        String versionNum = pg.psql("SHOW server_version_num");
        assertThat(Integer.parseInt(versionNum) / 10000).isEqualTo(pg.majorVersion());
        assertThat(pg.fullVersion()).startsWith(pg.majorVersion() + ".");
        assertThat(pg.psql("SELECT current_user")).isEqualTo("postgres");
        // One cluster per version per JVM: every test of a version gets the same instance.
        assertThat(SEEN.computeIfAbsent(pg.majorVersion(), v -> pg)).isSameAs(pg);
    }

    @AcrossPgVersions
    void rolesAndDatabasesSurviveUntilReset(PgCluster pg) throws SQLException {
        assertThat(SEEN.computeIfAbsent(pg.majorVersion(), v -> pg)).isSameAs(pg);
        pg.execute("CREATE ROLE app LOGIN");
        pg.execute("CREATE ROLE \"Mixed Case\"");
        pg.execute("CREATE DATABASE appdb OWNER app");
        pg.execute("CREATE DATABASE tmpl IS_TEMPLATE true");
        pg.execute("CREATE TABLE app_owned(id int)");
        pg.execute("ALTER TABLE app_owned OWNER TO app");
        pg.execute("GRANT \"Mixed Case\" TO app");
        pg.psql("appdb", "SET ROLE app; CREATE TABLE t(id int); INSERT INTO t VALUES (1)");

        try (Connection held = pg.connect("appdb")) {
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname IN ('app', 'Mixed Case')")).isEqualTo("2");
            assertThat(pg.psql("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"))
                    .isEqualTo("appdb,postgres,template0,template1,tmpl");
            assertThat(pg.psql("appdb", "SELECT count(*) FROM t")).isEqualTo("1");

            pg.reset();

            assertThat(held.isValid(2)).as("sessions are ended by reset").isFalse();
        }
        assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname !~ '^pg_'")).isEqualTo("1");
        assertThat(pg.psql("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"))
                .isEqualTo("postgres,template0,template1");
        assertThat(pg.psql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'app_owned'"))
                .as("objects of dropped roles in postgres are reassigned to the superuser").isEqualTo("postgres");
        pg.execute("DROP TABLE IF EXISTS app_owned");
    }

    @AcrossPgVersions
    void configFilesLiveInTheDataDirAndResetRestoresThem(PgCluster pg) throws Exception {
        assertThat(pg.configFile()).isRegularFile();
        assertThat(pg.hbaFile()).isRegularFile();
        assertThat(pg.identFile()).isRegularFile();
        assertThat(Path.of(pg.psql("SHOW config_file")).toRealPath()).isEqualTo(pg.configFile().toRealPath());
        assertThat(Path.of(pg.psql("SHOW hba_file")).toRealPath()).isEqualTo(pg.hbaFile().toRealPath());
        assertThat(pg.psql("SHOW port")).isEqualTo(String.valueOf(pg.port()));
        assertThat(pg.psql("SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(pg.psql("SHOW fsync")).isEqualTo("off");
        assertThat(pg.psql("SHOW max_connections")).isEqualTo("50");
        assertThat(pg.psql("SHOW unix_socket_directories")).isEqualTo(pg.socketDir().toString());
        assertThat(pg.socketDir().resolve(".s.PGSQL." + pg.port())).as("Unix socket").exists();
        assertThat(Files.readString(pg.logFile())).contains("database system is ready to accept connections");

        Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "work_mem = '7MB'\n");
        pg.execute("ALTER SYSTEM SET maintenance_work_mem = '99MB'");
        pg.execute("SELECT pg_reload_conf()");
        waitFor(pg, "SHOW work_mem", "7MB");
        assertThat(pg.psql("SHOW maintenance_work_mem")).isEqualTo("99MB");

        pg.reset();

        assertThat(pg.psql("SHOW work_mem")).isEqualTo("4MB");
        assertThat(pg.psql("SHOW maintenance_work_mem")).isEqualTo("64MB");
        assertThat(Files.readString(pg.configFile())).doesNotContain("7MB");
    }

    @AcrossPgVersions
    void restartStartsANewPostmasterAndKeepsData(PgCluster pg) {
        pg.execute("CREATE TABLE IF NOT EXISTS kept(id int)");
        pg.execute("INSERT INTO kept VALUES (42)");
        String pid = pg.psql("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'");
        String started = pg.psql("SELECT pg_postmaster_start_time()");

        pg.restart();

        assertThat(pg.isRunning()).isTrue();
        assertThat(pg.psql("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")).isNotEqualTo(pid);
        assertThat(pg.psql("SELECT pg_postmaster_start_time()")).isNotEqualTo(started);
        assertThat(pg.psql("SELECT id FROM kept")).isEqualTo("42");
        pg.execute("DROP TABLE kept");
    }

    @AcrossPgVersions
    void resetStartsAStoppedServer(PgCluster pg) {
        pg.stop();
        assertThat(pg.isRunning()).isFalse();
        assertThatThrownBy(() -> pg.psql("SELECT 1")).isInstanceOf(IllegalStateException.class);

        pg.reset();

        assertThat(pg.psql("SELECT 1")).isEqualTo("1");
    }

    @Test
    void plainTestGetsTheNewestSelectedVersion(PgCluster pg) {
        int newest = Collections.max(PgExtension.versions());
        assertThat(pg.majorVersion()).isEqualTo(newest);
        assertThat(Integer.parseInt(pg.psql("SHOW server_version_num")) / 10000).isEqualTo(newest);
    }

    @Test
    @PgVersion(14)
    void pgVersionPicksTheVersion(PgCluster pg) {
        assertThat(pg.psql("SHOW server_version_num")).startsWith("14");
    }

    @Test
    void launcherApiStartsAndCleansUpAClusterOutsideTheExtension() throws Exception {
        int newest = Collections.max(PgBinaries.availableMajors());
        Path base;
        String url;
        try (PgCluster pg = PgCluster.start(newest)) {
            base = pg.dataDir().getParent();
            url = pg.jdbcUrl("postgres");
            assertThat(pg.psql("SELECT 40 + 2")).isEqualTo("42");
            assertThat(pg.dataDir().resolve("PG_VERSION")).hasContent(String.valueOf(newest));
            assertThat(Files.getOwner(pg.dataDir()).getName()).isEqualTo(pg.serverUser().name());
            if (ServerUser.isRoot()) {
                assertThat(pg.serverUser().name()).isNotEqualTo("root");
            }
        }
        assertThat(base).doesNotExist();
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url).close()).isInstanceOf(SQLException.class);
    }

    private static void waitFor(PgCluster pg, String sql, String expected) throws InterruptedException {
        for (int i = 0; i < 50 && !pg.psql(sql).equals(expected); i++) {
            Thread.sleep(100);
        }
        assertThat(pg.psql(sql)).isEqualTo(expected);
    }
}
