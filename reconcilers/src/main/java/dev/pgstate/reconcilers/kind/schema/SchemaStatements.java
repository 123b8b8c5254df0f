package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.reconcilers.core.sql.Sql;

/**
 * CREATE, ALTER and DROP SCHEMA text, each sent in the schema's own database; names only through pgjdbc's quoting.
 * DROP cascades only when the spec says {@code cascade: true}: then it takes every table, view and function in the
 * schema with it; without, the server refuses while the schema holds anything.
 */
final class SchemaStatements {

    private SchemaStatements() {
    }

    /** {@code CREATE SCHEMA s [AUTHORIZATION o]}; without IF NOT EXISTS: a race is an error. */
    static String create(String schema, String owner) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("CREATE SCHEMA "), schema);
        return owner == null ? sql.toString() : Sql.appendIdentifier(sql.append(" AUTHORIZATION "), owner).toString();
    }

    static String ownerTo(String schema, String owner) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("ALTER SCHEMA "), schema);
        return Sql.appendIdentifier(sql.append(" OWNER TO "), owner).toString();
    }

    /** {@code DROP SCHEMA s}, which refuses while the schema holds anything, unless {@code cascade}. */
    static String drop(String schema, boolean cascade) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("DROP SCHEMA "), schema);
        return cascade ? sql.append(" CASCADE").toString() : sql.toString();
    }
}
