package dev.pgstate.reconcilers.kind.setting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's value of a parameter, as opposed to the one the agent's own session shows. */
class LiveSettingsTest {

    private static final String AUTO = "/var/lib/postgresql/16/main/postgresql.auto.conf";
    private static final String CONF = "/etc/postgresql/16/main/postgresql.conf";

    @Test
    void aRoleSettingGivesWayToTheLastLineInTheConfigFiles() {
        ServerSetting session = setting("work_mem", "1024", "user", null, null, "4096");
        List<FileSetting> disk = List.of(new FileSetting(CONF, 120, 1, "work_mem", "32MB", false, null),
                new FileSetting(AUTO, 3, 2, "work_mem", "64MB", true, null));

        ServerSetting server = live(List.of(session), disk).parameter("work_mem").orElseThrow();

        assertThat(server).extracting(ServerSetting::setting, ServerSetting::source, ServerSetting::sourcefile,
                ServerSetting::sourceline).containsExactly("64MB", "configuration file", AUTO, 3);
    }

    @Test
    void whatTheClientSentGivesWayToTheDefaultWhenNoFileSetsIt() {
        ServerSetting session = setting("application_name", "PostgreSQL JDBC Driver", "client", null, null, "");

        assertThat(live(List.of(session), List.of()).parameter("APPLICATION_NAME").orElseThrow())
                .extracting(ServerSetting::setting, ServerSetting::source).containsExactly("", "default");
    }

    @Test
    void aFileLineTheServerRejectedIsNotTheServersValue() {
        ServerSetting session = setting("statement_timeout", "5000", "database", null, null, "0");
        List<FileSetting> disk = List.of(new FileSetting(AUTO, 3, 1, "statement_timeout", "soon", false,
                "invalid value for parameter \"statement_timeout\": \"soon\""));

        assertThat(live(List.of(session), disk).parameter("statement_timeout").orElseThrow().setting()).isEqualTo("0");
    }

    @Test
    void serverSourcesAreKeptAsRead() {
        List<ServerSetting> rows = List.of(setting("port", "5433", "command line", null, null, "5432"),
                setting("work_mem", "8192", "configuration file", CONF, 120, "4096"),
                setting("wal_buffers", "512", "override", null, null, "-1"));
        List<FileSetting> disk = List.of(new FileSetting(AUTO, 3, 1, "work_mem", "64MB", true, null));

        LiveSettings live = live(rows, disk);

        assertThat(live.parameters().values()).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void overridesAreFoundByParameterNameIgnoringCase() {
        RoleDatabaseSetting role = RoleDatabaseSetting.parse("app", null, "Work_Mem=1MB");
        RoleDatabaseSetting database = RoleDatabaseSetting.parse(null, "appdb", "search_path=a, \"b=c\"");
        LiveSettings live = new LiveSettings(java.util.Map.of(), List.of(), List.of(role, database),
                ConfigFiles.UNKNOWN, List.of());

        assertThat(live.overridesOf("work_mem")).containsExactly(role);
        assertThat(database.value()).isEqualTo("a, \"b=c\"");
        assertThat(List.of(role, database, new RoleDatabaseSetting(null, null, "x", "1"),
                new RoleDatabaseSetting("app", "appdb", "x", "1")))
                .extracting(RoleDatabaseSetting::whose, RoleDatabaseSetting::statement)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("role \"app\"", "ALTER ROLE … SET"),
                        org.assertj.core.groups.Tuple.tuple("database \"appdb\"", "ALTER DATABASE … SET"),
                        org.assertj.core.groups.Tuple.tuple("every role", "ALTER ROLE ALL … SET"),
                        org.assertj.core.groups.Tuple.tuple("role \"app\" in database \"appdb\"",
                                "ALTER ROLE … IN DATABASE … SET"));
    }

    private static LiveSettings live(List<ServerSetting> rows, List<FileSetting> disk) {
        return LiveSettings.of(rows, disk, List.of(), ConfigFiles.UNKNOWN, List.of());
    }

    private static ServerSetting setting(String name, String value, String source, String file, Integer line,
                                         String bootVal) {
        return new ServerSetting(name, value, null, "string", "user", source, file, line, false, List.of(), null, null,
                bootVal);
    }
}
