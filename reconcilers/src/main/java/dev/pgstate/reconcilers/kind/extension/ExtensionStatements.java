package dev.pgstate.reconcilers.kind.extension;

import dev.pgstate.reconcilers.core.sql.Sql;

/**
 * CREATE, ALTER and DROP EXTENSION text, each sent in the extension's own database. Versions are written as string
 * literals, which the grammar takes everywhere a version goes ({@code 1.5} unquoted would not parse as a name).
 * Nothing cascades unless the spec says {@code cascade: true}: CREATE then installs the extensions it requires, DROP
 * takes the objects that depend on the extension (a column of its type, a view over its functions) with it.
 */
final class ExtensionStatements {

    private ExtensionStatements() {
    }

    /** {@code CREATE EXTENSION e [WITH] [SCHEMA s] [VERSION 'v'] [CASCADE]}; without IF NOT EXISTS: a race is an error. */
    static String create(String extension, String schema, String version, boolean cascade) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("CREATE EXTENSION "), extension);
        if (schema != null) {
            Sql.appendIdentifier(sql.append(" SCHEMA "), schema);
        }
        if (version != null) {
            Sql.appendLiteral(sql.append(" VERSION "), version);
        }
        return cascade ? sql.append(" CASCADE").toString() : sql.toString();
    }

    /** {@code ALTER EXTENSION e UPDATE TO 'v'}: the server follows the extension's update scripts. */
    static String updateTo(String extension, String version) {
        return Sql.appendLiteral(alter(extension).append(" UPDATE TO "), version).toString();
    }

    static String setSchema(String extension, String schema) {
        return Sql.appendIdentifier(alter(extension).append(" SET SCHEMA "), schema).toString();
    }

    /** {@code DROP EXTENSION e}, which refuses while other objects depend on it, unless {@code cascade}. */
    static String drop(String extension, boolean cascade) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("DROP EXTENSION "), extension);
        return cascade ? sql.append(" CASCADE").toString() : sql.toString();
    }

    private static StringBuilder alter(String extension) {
        return Sql.appendIdentifier(new StringBuilder("ALTER EXTENSION "), extension);
    }
}
