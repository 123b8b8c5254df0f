package dev.pgstate.reconcilers.core.sql;

import java.sql.SQLException;
import org.postgresql.core.Utils;

/**
 * Quotes names and string values for SQL text, only through pgjdbc's escaping. Literals assume
 * {@code standard_conforming_strings = on} (the default since PostgreSQL 9.1), so a backslash stays a backslash.
 */
public final class Sql {

    private Sql() {
    }

    /** A double-quoted identifier: {@code x"y} becomes {@code "x""y"}; always quoted, so case is kept. */
    public static String identifier(String name) {
        return appendIdentifier(new StringBuilder(), name).toString();
    }

    /** A single-quoted string literal: {@code it's} becomes {@code 'it''s'}. */
    public static String literal(String value) {
        return appendLiteral(new StringBuilder(), value).toString();
    }

    public static StringBuilder appendIdentifier(StringBuilder sql, String name) {
        try {
            return Utils.escapeIdentifier(sql, requireText(name, "identifier"));
        } catch (SQLException e) {
            // pgjdbc refuses a NUL character, which no PostgreSQL name can contain
            throw new IllegalArgumentException("not a valid SQL identifier: " + e.getMessage(), e);
        }
    }

    public static StringBuilder appendLiteral(StringBuilder sql, String value) {
        sql.append('\'');
        try {
            Utils.escapeLiteral(sql, requireText(value, "literal"), true);
        } catch (SQLException e) {
            throw new IllegalArgumentException("not a valid SQL literal: " + e.getMessage(), e);
        }
        return sql.append('\'');
    }

    private static String requireText(String text, String what) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an empty " + what + " cannot be quoted");
        }
        return text;
    }
}
