package dev.pgstate.reconcilers.kind.setting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsExportTest {

    private static final String CONF = "/etc/postgresql/16/main/postgresql.conf";
    private static final String AUTO = "/var/lib/postgresql/16/main/postgresql.auto.conf";

    @Test
    void exportsWhatConfigFilesSetDifferentFromTheDefaultWithWhereItComesFrom() {
        LiveSettings live = LiveSettings.of(List.of(
                        row("server_version_num", "160004", null, "integer", "default", null, null, "160004"),
                        // 8MB as the file writes it, not pg_settings' 8192 kB
                        row("work_mem", "8192", "kB", "integer", "configuration file", AUTO, 3, "4096"),
                        // initdb's 128MB is the compiled-in default spelt otherwise: saying it changes nothing
                        row("max_wal_size", "1024", "MB", "integer", "configuration file", CONF, 12, "1024"),
                        row("listen_addresses", "localhost, 10.0.0.5", null, "string", "configuration file", CONF, 60,
                                "localhost"),
                        row("port", "5433", null, "integer", "configuration file", CONF, 64, "5432"),
                        row("ssl", "on", null, "bool", "configuration file", CONF, 100, "off"),
                        row("ssl_cert_file", "/etc/ssl/db.crt", null, "string", "configuration file", CONF, 101,
                                "server.crt"),
                        row("data_directory", "/var/lib/postgresql/16/main", null, "string", "configuration file",
                                CONF, 41, null),
                        row("wal_buffers", "512", "8kB", "integer", "override", null, null, "-1"),
                        row("max_stack_depth", "7680", "kB", "integer", "environment variable", null, null, "100"),
                        row("shared_buffers", "16384", "8kB", "integer", "command line", null, null, "1024")),
                List.of(new FileSetting(CONF, 12, 1, "max_wal_size", "1GB", true, null),
                        new FileSetting(AUTO, 3, 9, "work_mem", "8MB", true, null)),
                List.of(), ConfigFiles.UNKNOWN, List.of());

        SettingsExport export = SettingsExport.of(live);

        assertThat(export.server()).isEqualTo(ServerSpec.builder().listenAddresses(List.of("localhost", "10.0.0.5"))
                .port(5433).settings(Map.of("work_mem", "8MB")).build());
        assertThat(export.origins()).isEqualTo(Map.of("server.listen_addresses", CONF + ":60", "server.port",
                CONF + ":64", "server.settings.work_mem", AUTO + ":3"));
        assertThat(export.notExported()).containsExactly("server.settings.shared_buffers = 16384: set on the"
                + " server's command line, which the agent cannot change");
    }

    /**
     * A config line may give a string parameter line breaks ({@code log_line_prefix = '%m\\n\\n'}), which no spec
     * may hold (validation refuses control characters, and ALTER SYSTEM a line break): written out, the export was a
     * {@code |+} block that its own load then refused. It is named as not exported instead, so the export loads and
     * plans clean; the other values are exported as ever.
     */
    @Test
    void aValueWithLineBreaksIsNamedNotExportedSoTheExportLoads() {
        LiveSettings live = LiveSettings.of(List.of(
                        row("server_version_num", "160004", null, "integer", "default", null, null, "160004"),
                        row("log_line_prefix", "%m\n\n", null, "string", "configuration file", CONF, 7, "%m [%p] "),
                        row("cluster_name", "main", null, "string", "configuration file", CONF, 8, "")),
                List.of(new FileSetting(CONF, 7, 1, "log_line_prefix", "%m\n\n", true, null),
                        new FileSetting(CONF, 8, 2, "cluster_name", "main", true, null)),
                List.of(), ConfigFiles.UNKNOWN, List.of());

        SettingsExport export = SettingsExport.of(live);

        assertThat(export.server()).isEqualTo(ServerSpec.builder().settings(Map.of("cluster_name", "main")).build());
        assertThat(export.notExported()).containsExactly("server.settings.log_line_prefix (" + CONF + ":7): its value"
                + " holds a control character (U+000A at character 3), which a spec cannot hold; it stays as the"
                + " config file sets it");
    }

    private static ServerSetting row(String name, String setting, String unit, String vartype, String source,
                                     String file, Integer line, String bootVal) {
        return new ServerSetting(name, setting, unit, vartype, "sighup", source, file, line, false, List.of(), null,
                null, bootVal);
    }
}
