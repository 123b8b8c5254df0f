package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.sql.Sql;
import java.util.List;

/**
 * ALTER SYSTEM text. A list the server quotes item by item (search_path, *_preload_libraries, and
 * unix_socket_directories from 14) is written as one literal per item, which the server joins and quotes itself: a
 * single literal would become one quoted item. Other lists go as one literal the server splits (11–13 refuse several
 * for unix_socket_directories). An empty value is {@code ''}, except for a quoted list, where the server would store
 * {@code ""} (an item with an empty name): there the planner only plans a change when RESET gives the empty default.
 */
public final class SettingStatements {

    private SettingStatements() {
    }

    /** {@code ALTER SYSTEM SET "work_mem" = '64MB'}; it cannot run inside a transaction block. */
    public static String alterSystem(AlterSetting change) {
        if (change.reset() || change.itemByItem() && change.items().isEmpty()) {
            return name(new StringBuilder("ALTER SYSTEM RESET "), change.name()).toString();
        }
        StringBuilder sql = name(new StringBuilder("ALTER SYSTEM SET "), change.name()).append(" = ");
        return value(sql, change.value(), change.itemByItem() ? change.items() : List.of()).toString();
    }

    /** {@code "work_mem" = '64MB'} after {@code sql}: the name, then the value as {@link #value} writes it. */
    public static StringBuilder assignment(StringBuilder sql, String name, String value, List<String> items) {
        return value(name(sql, name).append(" = "), value, items);
    }

    /** One literal, or one per item when {@code items} are given (a list the server quotes item by item). */
    private static StringBuilder value(StringBuilder sql, String value, List<String> items) {
        if (items.isEmpty()) {
            return value.isEmpty() ? sql.append("''") : Sql.appendLiteral(sql, value);
        }
        for (int i = 0; i < items.size(); i++) {
            Sql.appendLiteral(sql.append(i == 0 ? "" : ", "), items.get(i));
        }
        return sql;
    }

    /** A parameter name, quoted as an identifier; an extension's {@code ext.name} part by part. */
    public static StringBuilder name(StringBuilder sql, String name) {
        String[] parts = name.split("\\.", 2);
        Sql.appendIdentifier(sql, parts[0]);
        return parts.length == 2 ? Sql.appendIdentifier(sql.append('.'), parts[1]) : sql;
    }
}
