package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The applier's connections for integration tests: superuser over TCP, tagged so a test can find its backends. */
public final class ClusterConnections implements DatabaseConnections {

    public static final String APPLICATION_NAME = "pgstate-applier-it";

    private final PgCluster cluster;

    ClusterConnections(PgCluster cluster) {
        this.cluster = cluster;
    }

    public static Applier applier(PgCluster cluster, ApplyListener listener) {
        return new Applier(new ClusterConnections(cluster), server(cluster), listener);
    }

    public static Applier applier(PgCluster cluster) {
        return applier(cluster, ApplyListener.NONE);
    }

    public static ServerInfo server(PgCluster cluster) {
        int versionNum = Integer.parseInt(cluster.psql("SHOW server_version_num"));
        return new ServerInfo(versionNum, cluster.superuser(), cluster.superuser());
    }

    @Override
    public Connection open(String database) throws SQLException {
        Connection connection = cluster.connect(database);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
        }
        return connection;
    }

    @Override
    public String maintenanceDatabase() {
        return "postgres";
    }
}
