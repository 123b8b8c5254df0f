package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.plan.Change.AlterSetting;
import dev.pgstate.reconcilers.core.sql.Sql;
import java.util.List;

/**
 * ALTER SYSTEM text. A list parameter is written as one literal per item: the server joins them itself, and
 * quotes each item of the lists it quotes (search_path, *_preload_libraries), which a single literal would turn
 * into one quoted item.
 */
public final class SettingStatements {

    private SettingStatements() {
    }

    /** {@code ALTER SYSTEM SET "work_mem" = '64MB'}; it cannot run inside a transaction block. */
    public static String alterSystem(AlterSetting change) {
        StringBuilder sql = new StringBuilder("ALTER SYSTEM SET ");
        String[] parts = change.name().split("\\.", 2);
        Sql.appendIdentifier(sql, parts[0]);
        if (parts.length == 2) {
            Sql.appendIdentifier(sql.append('.'), parts[1]);
        }
        sql.append(" = ");
        if (change.items().isEmpty()) {
            return Sql.appendLiteral(sql, change.value()).toString();
        }
        List<String> items = change.items();
        for (int i = 0; i < items.size(); i++) {
            Sql.appendLiteral(sql.append(i == 0 ? "" : ", "), unquoted(items.get(i)));
        }
        return sql.toString();
    }

    /** {@code "$user"} as written in a list is the name {@code $user}; the server adds the quotes back. */
    private static String unquoted(String item) {
        return item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")
                ? item.substring(1, item.length() - 1).replace("\"\"", "\"")
                : item;
    }
}
