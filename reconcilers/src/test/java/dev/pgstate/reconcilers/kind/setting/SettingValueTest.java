package dev.pgstate.reconcilers.kind.setting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.reconcilers.kind.setting.ServerSetting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values as people write them against pg_settings rows as the server reports them; no database needed. */
class SettingValueTest {

    static final ServerSetting WORK_MEM = integer("work_mem", "4096", "kB", "64", "2147483647");
    static final ServerSetting SHARED_BUFFERS = integer("shared_buffers", "2048", "8kB", "16", "1073741823");
    static final ServerSetting STATEMENT_TIMEOUT = integer("statement_timeout", "0", "ms", "0", "2147483647");
    static final ServerSetting LOG_ROTATION_AGE = integer("log_rotation_age", "1440", "min", "0", "35791394");
    static final ServerSetting MAX_CONNECTIONS = integer("max_connections", "100", null, "1", "262143");
    static final ServerSetting SOCKET_PERMISSIONS = integer("unix_socket_permissions", "0777", null, "0", "511");
    static final ServerSetting RANDOM_PAGE_COST = real("random_page_cost", "4", null);
    static final ServerSetting DATESTYLE = setting("DateStyle", "ISO, MDY", null, "string", List.of(), null, null);
    static final ServerSetting SOCKET_DIRECTORIES = setting("unix_socket_directories", "/tmp", null, "string",
            List.of(), null, null);
    static final ServerSetting COST_DELAY = real("autovacuum_vacuum_cost_delay", "2", "ms");
    static final ServerSetting LOG_CONNECTIONS = setting("log_connections", "off", null, "bool", List.of(), null, null);
    static final ServerSetting PASSWORD_ENCRYPTION = setting("password_encryption", "scram-sha-256", null, "enum",
            List.of("md5", "scram-sha-256"), null, null);
    static final ServerSetting LOG_MIN_MESSAGES = setting("log_min_messages", "warning", null, "enum",
            List.of("debug5", "debug1", "info", "notice", "warning", "error", "log", "fatal", "panic"), null, null);
    static final ServerSetting LISTEN_ADDRESSES = setting("listen_addresses", "localhost,192.168.1.20", null, "string",
            List.of(), null, null);
    static final ServerSetting SEARCH_PATH = setting("search_path", "\"$user\", public", null, "string", List.of(),
            null, null);
    /** A list of aspects from 18, which still reads the boolean spellings. */
    static final ServerSetting LOG_CONNECTIONS_18 = setting("log_connections", "on", null, "string", List.of(), null,
            null);
    static final ServerSetting TIMEZONE = setting("TimeZone", "UTC", null, "string", List.of(), null, null);

    /** Every row: the server's setting (base unit) and a spelling of the same value that must not show as drift. */
    @ParameterizedTest(name = "{0}: {1} on {3} reads as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            work_mem          | 128MB          | 131072  | 16
            work_mem          | 131072kB       | 131072  | 11
            work_mem          | 0.125GB        | 131072  | 16
            work_mem          | 134217728B     | 131072  | 18
            work_mem          | 131072         | 131072  | 11
            shared_buffers    | 16MB           | 2048    | 11
            shared_buffers    | 16384kB        | 2048    | 16
            shared_buffers    | 2048           | 2048    | 16
            statement_timeout | 30s            | 30000   | 11
            statement_timeout | 0.5min         | 30000   | 14
            statement_timeout | 30000000us     | 30000   | 18
            statement_timeout | '  30 s '      | 30000   | 16
            log_rotation_age  | 1d             | 1440    | 11
            log_rotation_age  | 24h            | 1440    | 16
            max_connections   | 100            | 100     | 11
            max_connections   | 0x64           | 100     | 16
            unix_socket_permissions | 0777     | 0777    | 16
            unix_socket_permissions | 511      | 0777    | 11
            random_page_cost  | 1.1            | 1.1     | 11
            random_page_cost  | 1.10           | 1.1     | 16
            random_page_cost  | 11e-1          | 1.1     | 18
            autovacuum_vacuum_cost_delay | 2ms | 2       | 14
            autovacuum_vacuum_cost_delay | 2000us | 2    | 18
            log_connections   | on             | on      | 11
            log_connections   | TRUE           | on      | 16
            log_connections   | yes            | on      | 16
            log_connections   | 1              | on      | 16
            log_connections   | Off            | off     | 18
            log_connections   | no             | off     | 18
            password_encryption | SCRAM-SHA-256 | scram-sha-256 | 14
            log_min_messages  | WARNING        | warning | 11
            listen_addresses  | '192.168.1.20, localhost' | localhost,192.168.1.20 | 16
            listen_addresses  | 'LOCALHOST,192.168.1.20 ' | localhost,192.168.1.20 | 11
            search_path       | '"$user",public' | '"$user", public' | 16
            TimeZone          | UTC            | UTC     | 16
            log_connections_18 | TRUE          | on      | 18
            log_connections_18 | 'receipt,authentication' | 'receipt, authentication' | 18
            DateStyle         | ISO            | 'ISO, MDY' | 11
            DateStyle         | 'iso, mdy'     | 'ISO, MDY' | 16
            DateStyle         | MDY            | 'ISO, MDY' | 16
            DateStyle         | 'ymd iso'      | 'ISO, YMD' | 18
            DateStyle         | 'SQL, European' | 'SQL, DMY' | 14
            DateStyle         | German         | 'German, DMY' | 16
            DateStyle         | 'German, MDY'  | 'German, MDY' | 16
            unix_socket_directories | '/tmp/'  | /tmp    | 11
            unix_socket_directories | '/run/pg/, ./sockets' | '/run/pg, sockets' | 14
            unix_socket_directories | '/run//pg/./' | /run/pg | 16
            unix_socket_directories | '/var/run/../pg' | '/var/run/../pg/' | 18
            """)
    void sameMeaningReadsTheSame(String name, String written, String serverSetting, int major) {
        ServerSetting parameter = withSetting(name.endsWith("_18") ? LOG_CONNECTIONS_18 : byName(name), serverSetting);
        SettingValue value = SettingValue.withoutServerForms(parameter, major);

        assertThat(SettingValue.same(value.canonical(written), value.current())).isTrue();
    }

    @ParameterizedTest(name = "{0} = {1} is shown as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            work_mem          | 131072    | 128MB
            work_mem          | 1536      | 1536kB
            shared_buffers    | 2048      | 16MB
            shared_buffers    | 33        | 264kB
            statement_timeout | 30000     | 30s
            statement_timeout | 1500      | 1500ms
            statement_timeout | 0         | 0
            log_rotation_age  | 1440      | 1d
            max_connections   | 100       | 100
            unix_socket_permissions | 0700 | 0700
            random_page_cost  | 1.10      | 1.1
            autovacuum_vacuum_cost_delay | 2 | 2ms
            log_connections   | true      | on
            """)
    void displaysInTheLargestExactUnit(String name, String written, String shown) {
        SettingValue value = SettingValue.withoutServerForms(byName(name), 16);

        assertThat(value.display(value.canonical(written))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} = {1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
            work_mem            | 2TB       | 16 | 2TB is out of range: expected 64kB to 2147483647kB
            work_mem            | 32kB      | 16 | 32kB is out of range: expected 64kB to 2147483647kB
            work_mem            | 64mb      | 16 | valid units for this parameter are B, kB, MB, GB, TB, found "64mb"
            work_mem            | 10s       | 16 | valid units for this parameter are B, kB, MB, GB, TB, found "10s"
            work_mem            | 1.5MB     | 11 | PostgreSQL 11 takes whole numbers only, found "1.5MB"
            work_mem            | lots      | 16 | expected a number, optionally with a unit (B, kB, MB, GB, TB), found "lots"
            statement_timeout   | 1500us    | 11 | valid units for this parameter are ms, s, min, h, d, found "1500us"
            max_connections     | 100MB     | 16 | this parameter takes a plain number, without a unit
            max_connections     | 0         | 16 | 0 is out of range: expected 1 to 262143
            max_connections     | 9999999999 | 16 | 9999999999 is out of range: expected 1 to 262143
            random_page_cost    | -1        | 16 | -1 is out of range: expected 0 to 1.79769E+308
            log_connections     | maybe     | 16 | expected a boolean (on, off, true, false, yes, no, 1, 0), found "maybe"
            password_encryption | sha1      | 16 | expected one of md5, scram-sha-256, found "sha1"
            DateStyle           | 'ISO, SQL' | 16 | DateStyle: conflicting styles ISO and SQL
            DateStyle           | Klingon   | 16 | DateStyle: "KLINGON" is neither an output style (ISO, SQL, Postgres, German) nor a field order (YMD, DMY, MDY)
            """)
    void rejectsWhatTheServerWouldWithWhatItAccepts(String name, String written, int major, String message) {
        SettingValue value = SettingValue.withoutServerForms(byName(name), major);

        assertThatThrownBy(() -> value.canonical(written)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1500us | 18 | 2
            1.5s   | 12 | 1500
            0.5    | 16 | 0
            """)
    void roundsToTheNearestBaseUnitFrom12(String written, int major, long expected) {
        assertThat(SettingValue.withoutServerForms(STATEMENT_TIMEOUT, major).canonical(written)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} on 11 is {1}kB")
    @CsvSource(delimiter = '|', textBlock = """
            70600B | 68
            1MB    | 1024
            """)
    void truncatesSmallerUnitsOn11(String written, long expected) {
        assertThat(SettingValue.withoutServerForms(WORK_MEM, 11).canonical(written)).isEqualTo(expected);
    }

    private static ServerSetting byName(String name) {
        return List.of(WORK_MEM, SHARED_BUFFERS, STATEMENT_TIMEOUT, LOG_ROTATION_AGE, MAX_CONNECTIONS, SOCKET_PERMISSIONS,
                        RANDOM_PAGE_COST, COST_DELAY, LOG_CONNECTIONS, PASSWORD_ENCRYPTION, LOG_MIN_MESSAGES,
                        LISTEN_ADDRESSES, SEARCH_PATH, TIMEZONE, DATESTYLE, SOCKET_DIRECTORIES)
                .stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The server opens a relative TLS file in its data directory, where the tls section names it absolutely: the
     * initdb cluster's {@code ssl_cert_file = 'server.crt'} is the section's default file, not drift.
     */
    @Test
    void aRelativeTlsFileIsTheOneInTheDataDirectory() {
        ServerSetting certFile = setting("ssl_cert_file", "server.crt", null, "string", List.of(), null, null);
        SettingValue inData = new SettingValue(certFile, 16, Map.of()).inDataDirectory(Path.of("/srv/pg/16"));

        assertThat(inData.readsAs("/srv/pg/16/server.crt", inData.current())).isTrue();
        assertThat(inData.readsAs("/srv/pg/16/other.crt", inData.current())).isFalse();
        assertThat(inData.readsAs("/etc/ssl/server.crt", inData.canonical("/etc/ssl/server.crt"))).isTrue();
        assertThat(new SettingValue(certFile, 16, Map.of()).readsAs("/srv/pg/16/server.crt",
                new SettingValue(certFile, 16, Map.of()).current())).isFalse();
    }

    static ServerSetting integer(String name, String setting, String unit, String min, String max) {
        return setting(name, setting, unit, "integer", List.of(), min, max);
    }

    static ServerSetting real(String name, String setting, String unit) {
        return setting(name, setting, unit, "real", List.of(), "0", "1.79769e+308");
    }

    static ServerSetting setting(String name, String setting, String unit, String vartype, List<String> enumvals,
                                 String min, String max) {
        return new ServerSetting(name, setting, unit, vartype, "user", "default", null, null, false, enumvals, min, max,
                setting);
    }

    private static ServerSetting withSetting(ServerSetting s, String setting) {
        return new ServerSetting(s.name(), setting, s.unit(), s.vartype(), s.context(), s.source(), s.sourcefile(),
                s.sourceline(), s.pendingRestart(), s.enumvals(), s.minVal(), s.maxVal(), s.bootVal());
    }
}
