package dev.pgstate.reconcilers.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class ConnectorIT {

    private static ConnectionSettings overSocket(PgCluster pg, String database) {
        return new ConnectionSettings(pg.socketDir().toString(), pg.port(), pg.superuser(), database, null, "require",
                null, null, null, "pgstate-agent", pg.serverUser().name());
    }

    private static String sessionFacts(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, current_database(), inet_server_addr() IS NULL,"
                     + " current_setting('application_name')")) {
            rs.next();
            return rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getBoolean(3) + "|" + rs.getString(4);
        }
    }

    @AcrossPgVersions
    void connectsOverTheUnixSocket(PgCluster pg) throws SQLException {
        pg.execute("CREATE DATABASE other");
        Connector connector = new Connector(overSocket(pg, "postgres"));
        try (Connection c = connector.connect(); Connection other = connector.connect("other")) {
            assertThat(sessionFacts(c)).as("no server address: it is a socket").isEqualTo("postgres|postgres|true|pgstate-agent");
            assertThat(sessionFacts(other)).isEqualTo("postgres|other|true|pgstate-agent");
        }
    }

    @AcrossPgVersions
    void connectsOverTcp(PgCluster pg) throws SQLException {
        ConnectionSettings tcp = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres", null,
                "disable", null, null, null, "pgstate-agent", null);
        try (Connection c = new Connector(tcp).connect()) {
            assertThat(sessionFacts(c)).isEqualTo("postgres|postgres|false|pgstate-agent");
        }
    }

    @AcrossPgVersions
    void aServerRefusalIsOneLineNamingTheSocket(PgCluster pg) {
        Connector connector = new Connector(overSocket(pg, "postgres"));
        assertThatThrownBy(() -> connector.connect("no_such_db"))
                .isInstanceOf(ConnectionException.class)
                .hasMessage("cannot connect to PostgreSQL at " + pg.socketDir() + "/.s.PGSQL." + pg.port()
                        + " as postgres: database \"no_such_db\" does not exist (SQLSTATE 3D000)");
    }

    @AcrossPgVersions
    void aMissingServerIsOneLineWithoutThePassword(PgCluster pg) {
        ConnectionSettings wrongPort = new ConnectionSettings("127.0.0.1", 1, "postgres", "postgres",
                "s3cret-pass", null, null, null, null, "pgstate-agent", null);
        assertThatThrownBy(() -> new Connector(wrongPort).connect())
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at 127.0.0.1:1 as postgres: ")
                .hasMessageContaining("(SQLSTATE 08001)")
                .hasMessageNotContaining("s3cret-pass")
                .hasMessageNotContaining("\n");
    }

    @AcrossPgVersions
    void aMissingSocketIsOneLine(PgCluster pg) {
        ConnectionSettings elsewhere = new ConnectionSettings(pg.socketDir() + "/nowhere", pg.port(), "postgres",
                "postgres", null, null, null, null, null, "pgstate-agent", null);
        assertThatThrownBy(() -> new Connector(elsewhere).connect())
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at " + pg.socketDir() + "/nowhere/.s.PGSQL.")
                .hasMessageNotContaining("\n");
    }
}
