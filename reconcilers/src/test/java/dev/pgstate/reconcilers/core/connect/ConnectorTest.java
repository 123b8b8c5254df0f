package dev.pgstate.reconcilers.core.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorTest {

    private static final ConnectionSettings SOCKET = new ConnectionSettings("/run/pg", 5432, "postgres", "app db",
            null, "require", "ca.crt", null, null, "pgstate-agent", "alice");
    private static final ConnectionSettings TCP = new ConnectionSettings("db.example.com", 6432, "agent", "postgres",
            "secret", "verify-full", "ca.crt", "client.crt", "client.key", "pgstate-agent", null);

    private static void assertJdbc(ConnectionSettings settings, String url, Map<String, String> properties,
                                   String... absent) {
        assertThat(Connector.url(settings)).isEqualTo(url);
        assertThat(Connector.properties(settings)).containsAllEntriesOf(properties)
                .doesNotContainKeys((Object[]) absent);
    }

    @Test
    void socketsGoThroughJunixsocketWithoutTls() {
        assertJdbc(SOCKET, "jdbc:postgresql://localhost/app+db", Map.of(
                "socketFactory", "dev.pgstate.reconcilers.core.connect.PeerCheckedSocketFactory",
                "socketFactoryArg", "alice\n/run/pg/.s.PGSQL.5432", "sslmode", "disable", "gssEncMode", "disable",
                "ApplicationName", "pgstate-agent"), "sslrootcert", "password");
    }

    @Test
    void withoutRequirepeerASocketServerMayBePostgresOrTheAgentsOwnUser() {
        assertThat(Connector.acceptedPeers(TCP)).startsWith("postgres").contains(System.getProperty("user.name"));
    }

    /** No socketTimeout: long DDL must never be cut off. */
    @Test
    void tcpPassesTlsSettingsToPgjdbc() {
        assertJdbc(TCP, "jdbc:postgresql://db.example.com:6432/postgres", Map.of("sslmode", "verify-full",
                "sslrootcert", "ca.crt", "sslcert", "client.crt", "sslkey", "client.key", "password", "secret",
                "connectTimeout", "10"), "socketFactory", "socketTimeout");
    }
}
