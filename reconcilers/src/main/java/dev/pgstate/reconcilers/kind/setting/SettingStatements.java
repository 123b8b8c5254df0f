package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.kind.setting.AlterSetting;
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
        if (change.value().isEmpty()) {
            return sql.append("''").toString();
        }
        if (!change.itemByItem()) {
            return Sql.appendLiteral(sql, change.value()).toString();
        }
        List<String> items = change.items();
        for (int i = 0; i < items.size(); i++) {
            Sql.appendLiteral(sql.append(i == 0 ? "" : ", "), items.get(i));
        }
        return sql.toString();
    }

    private static StringBuilder name(StringBuilder sql, String name) {
        String[] parts = name.split("\\.", 2);
        Sql.appendIdentifier(sql, parts[0]);
        return parts.length == 2 ? Sql.appendIdentifier(sql.append('.'), parts[1]) : sql;
    }
}
