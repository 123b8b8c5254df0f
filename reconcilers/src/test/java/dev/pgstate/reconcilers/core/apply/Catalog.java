package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the catalog for assertions with bound parameters, so hostile names need no quoting in tests. */
public final class Catalog {

    private Catalog() {
    }

    /** Rows as {@code a|b|c}, NULL as empty. */
    public static List<String> rowsIn(PgCluster cluster, String database, String sql, Object... parameters) {
        try (Connection connection = cluster.connect(database);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        values.add(rs.getString(c) == null ? "" : rs.getString(c));
                    }
                    rows.add(String.join("|", values));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static List<String> rows(PgCluster cluster, String sql, Object... parameters) {
        return rowsIn(cluster, "postgres", sql, parameters);
    }

    public static boolean roleExists(PgCluster cluster, String role) {
        return !rows(cluster, "SELECT 1 FROM pg_roles WHERE rolname = ?", role).isEmpty();
    }
}
