package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.Change;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a change's statements one per execute and logs them: the change's address at INFO, the SQL only at
 * DEBUG and through {@link #redact}, which hides the verifier of every PASSWORD clause.
 */
public final class StatementRunner {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    /** A PASSWORD literal as {@code Sql.literal} writes it: quotes inside are doubled. */
    private static final Pattern PASSWORD_LITERAL = Pattern.compile("PASSWORD '(?:[^']|'')*'");

    public void run(Connection connection, Change change, List<String> statements) throws SQLException {
        LOG.info("{} {}", change.action().name().toLowerCase(Locale.ROOT), change.address());
        boolean debug = LOG.isDebugEnabled(); // redacting every statement of a large apply costs it a regex each
        for (String sql : statements) {
            if (debug) {
                LOG.debug("{}: {}", change.address(), redact(sql));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                logWarnings(change, statement.getWarnings());
            }
        }
    }

    /**
     * Verifiers allow offline guessing, so they are as secret as passwords: the debug log shows where one was
     * set, never which. The pattern can also hide text inside a quoted role name, which only costs readability.
     */
    static String redact(String sql) {
        return PASSWORD_LITERAL.matcher(sql).replaceAll("PASSWORD '(redacted)'");
    }

    // e.g. PostgreSQL 16's "role m has not been granted membership in role r by role g": the change did nothing
    private static void logWarnings(Change change, SQLWarning warning) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            LOG.warn("{}: the server said: {}", change.address(), w.getMessage());
        }
    }
}
