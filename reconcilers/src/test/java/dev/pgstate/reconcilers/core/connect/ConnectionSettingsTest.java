package dev.pgstate.reconcilers.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

    private static final ConnectionSpec SPEC =
            ConnectionSpec.builder().host("spec-host").port(5434).user("spec-user").database("spec-db")
                    .sslmode("require").sslrootcert("spec-ca").sslcert("spec-cert").sslkey("spec-key")
                    .requirepeer("spec-peer").build();
    private static final Map<String, String> ENV = Map.ofEntries(Map.entry("PGHOST", "env-host"),
            Map.entry("PGPORT", "5433"), Map.entry("PGUSER", "env-user"), Map.entry("PGDATABASE", "env-db"),
            Map.entry("PGPASSWORD", "env-secret"), Map.entry("PGSSLMODE", "verify-ca"),
            Map.entry("PGSSLROOTCERT", "env-ca"), Map.entry("PGSSLCERT", "env-cert"), Map.entry("PGSSLKEY", "env-key"),
            Map.entry("PGREQUIREPEER", "env-peer"));
    private static final ConnectionSettings FLAGS = new ConnectionSettings("flag-host", 5435, "flag-user", "flag-db",
            "flag-secret", "verify-full", "flag-ca", "flag-cert", "flag-key", "flag-app", "flag-peer");

    private static ConnectionSettings resolve(ConnectionSettings flags, Map<String, String> env, ConnectionSpec spec) {
        return new SettingsResolution(flags, env, spec, "osuser").resolve();
    }

    @Test
    void flagsBeatEnvironment() {
        assertThat(resolve(FLAGS, ENV, SPEC)).isEqualTo(FLAGS);
    }

    @Test
    void environmentBeatsSpec() {
        assertThat(resolve(ConnectionSettings.NONE, ENV, SPEC)).isEqualTo(new ConnectionSettings("env-host", 5433,
                "env-user", "env-db", "env-secret", "verify-ca", "env-ca", "env-cert", "env-key", "pgstate-agent", "env-peer"));
    }

    @Test
    void specBeatsDefaultsButHasNoPassword() {
        assertThat(resolve(ConnectionSettings.NONE, Map.of(), SPEC)).isEqualTo(new ConnectionSettings("spec-host", 5434,
                "spec-user", "spec-db", null, "require", "spec-ca", "spec-cert", "spec-key", "pgstate-agent", "spec-peer"));
    }

    @Test
    void eachSettingFallsBackOnItsOwn() {
        ConnectionSettings onlyUser = new ConnectionSettings(null, null, "flag-user", null, null, null, null, null, null, null, null);
        ConnectionSettings resolved = resolve(onlyUser, Map.of("PGPORT", "6000"), ConnectionSpec.builder()
                .host("spec-host").build());
        assertThat(resolved.user()).isEqualTo("flag-user");
        assertThat(resolved.port()).isEqualTo(6000);
        assertThat(resolved.host()).isEqualTo("spec-host");
        assertThat(resolved.database()).as("libpq: the database defaults to the user").isEqualTo("flag-user");
    }

    @Test
    void defaultsFollowLibpq() {
        ConnectionSettings resolved = resolve(null, Map.of(), null);
        assertThat(resolved).isEqualTo(new ConnectionSettings("/var/run/postgresql", 5432, "osuser", "osuser", null,
                null, null, null, null, "pgstate-agent", null));
        assertThat(resolved.isUnixSocket()).isTrue();
        assertThat(resolved.target()).isEqualTo("/var/run/postgresql/.s.PGSQL.5432");
    }

    @Test
    void theDefaultHostIsThePlatformSocketDirectoryEvenWhenTmpHasTheSocket() {
        // whatever sits in /tmp: resolution no longer looks there, it is anyone's to squat
        ConnectionSettings resolved = resolve(ConnectionSettings.NONE, Map.of("PGPORT", "5433"), null);
        assertThat(resolved.socketPath()).isEqualTo(Path.of("/var/run/postgresql/.s.PGSQL.5433"));
    }

    @Test
    void emptyVariablesCountAsUnset() {
        assertThat(resolve(ConnectionSettings.NONE, Map.of("PGHOST", "", "PGPORT", " ", "PGUSER", ""), null))
                .isEqualTo(resolve(null, Map.of(), null));
    }

    @Test
    void hostsStartingWithSlashAreSocketDirectories() {
        ConnectionSettings socket = resolve(ConnectionSettings.NONE, Map.of("PGHOST", "/run/pg", "PGPORT", "6543"), null);
        assertThat(socket.isUnixSocket()).isTrue();
        assertThat(socket.target()).isEqualTo("/run/pg/.s.PGSQL.6543");

        ConnectionSettings tcp = resolve(ConnectionSettings.NONE, Map.of("PGHOST", "db.example.com"), null);
        assertThat(tcp.isUnixSocket()).isFalse();
        assertThat(tcp.target()).isEqualTo("db.example.com:5432");
        assertThatThrownBy(tcp::socketPath).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ipv6HostsAreBracketedInTheTarget() {
        assertThat(resolve(ConnectionSettings.NONE, Map.of("PGHOST", "::1"), null).target()).isEqualTo("[::1]:5432");
    }

    @Test
    void aPgportThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> resolve(ConnectionSettings.NONE, Map.of("PGPORT", "54x2"), SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PGPORT must be a port number (1-65535), got \"54x2\"");
    }

    @Test
    void aPgportOutOfRangeIsNamed() {
        assertThatThrownBy(() -> resolve(ConnectionSettings.NONE, Map.of("PGPORT", "70000"), SPEC))
                .hasMessage("PGPORT must be a port number (1-65535), got 70000");
    }

    @Test
    void anInvalidPgportDoesNotMatterWhenAFlagGivesThePort() {
        assertThat(resolve(FLAGS, Map.of("PGPORT", "nope"), SPEC).port()).isEqualTo(5435);
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(FLAGS.toString()).doesNotContain("flag-secret").contains("password=(sensitive)")
                .contains("user=flag-user");
        assertThat(ConnectionSettings.NONE.toString()).contains("password=null");
    }

    @Test
    void publicResolveUsesTheJvmUser() {
        ConnectionSettings resolved = ConnectionSettings.resolve(ConnectionSettings.NONE, Map.of("PGHOST", "h"), null);
        assertThat(resolved.user()).isEqualTo(System.getProperty("user.name"));
    }
}
