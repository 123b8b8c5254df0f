package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaViewRow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The server's own reading of pg_hba.conf on disk ({@code pg_hba_file_rules}, superuser only), in rule order. */
final class ServerHbaView {

    private ServerHbaView() {
    }

    /** The lines that would make the server refuse the whole file (a row without a type), as "file:line: error". */
    static List<String> errors(Connection connection, int major) throws SQLException {
        String file = major >= 16 ? "file_name" : "NULL::text";
        List<String> errors = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + file + " AS file_name, line_number, error"
                     + " FROM pg_catalog.pg_hba_file_rules WHERE type IS NULL")) {
            while (rs.next()) {
                String where = rs.getString("file_name") == null ? "line " : rs.getString("file_name") + ":";
                errors.add(where + rs.getInt("line_number") + ": " + rs.getString("error"));
            }
        }
        return errors;
    }

    /** The loadable rules, as the view shows them, in the order the server evaluates them. */
    static List<HbaViewRow> rules(Connection connection) throws SQLException {
        List<HbaViewRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT type, database, user_name, address, netmask, auth_method,"
                     + " options FROM pg_catalog.pg_hba_file_rules WHERE type IS NOT NULL")) {
            while (rs.next()) {
                rows.add(new HbaViewRow(rs.getString("type"), strings(rs.getArray("database")),
                        strings(rs.getArray("user_name")), rs.getString("address"), rs.getString("netmask"),
                        rs.getString("auth_method"), strings(rs.getArray("options"))));
            }
        }
        return rows;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
