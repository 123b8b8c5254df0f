package dev.pgstate.reconcilers.core.live;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs one catalog query and maps every row: the single round trip each reader is allowed. */
public final class CatalogQuery {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private CatalogQuery() {
    }

    public static <T> List<T> list(Connection connection, String sql, Row<T> row) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.map(rs));
            }
            return rows;
        }
    }

    public static <T> T single(Connection connection, String sql, Row<T> row) throws SQLException {
        List<T> rows = list(connection, sql, row);
        if (rows.size() != 1) {
            throw new SQLException("expected one row, got " + rows.size() + " from: " + sql);
        }
        return rows.get(0);
    }
}
