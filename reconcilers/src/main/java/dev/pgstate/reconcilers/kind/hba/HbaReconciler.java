package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.ApplyResult.Failure;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.apply.ServerReload;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.conf.HbaViewRow;
import dev.pgstate.reconcilers.core.connect.ConnectionException;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new pg_hba.conf without ever leaving the server with rules nobody checked: back up, write atomically,
 * let the server's own {@code pg_hba_file_rules} read the file (any error line: restore, no reload), reload and
 * wait until the server has, confirm the server reads the rules the agent meant, and open a fresh connection the
 * way the agent connects. Whatever fails after the write (the checks, a reload the server never shows, a session
 * lost) puts the previous file back, byte for byte with its owner and mode, and reloads it: the server stays on
 * (or returns to) the rules it had.
 */
public final class HbaReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(HbaReconciler.class);

    private final Connector connector;
    private final ApplyListener listener;
    private final ServerReload reload;

    public HbaReconciler(Connector connector, ApplyListener listener, ServerReload reload) {
        this.connector = connector;
        this.listener = listener;
        this.reload = reload;
    }

    /** Empty when the new file is in place and loaded; otherwise what failed, with the old file back in place. */
    public Optional<Failure> apply(Connection connection, RewriteHbaFile change, HbaGrammar grammar) {
        listener.beforeChange(change);
        try {
            Optional<String> failure = rewrite(connection, change, grammar);
            if (failure.isPresent()) {
                return Optional.of(new Failure(change, new LocalFault(failure.get()), ""));
            }
        } catch (IOException e) {
            return Optional.of(new Failure(change, new LocalFault(change.file() + ": " + FileFaults.describe(e)), ""));
        }
        listener.afterChange(change);
        return Optional.empty();
    }

    private Optional<String> rewrite(Connection connection, RewriteHbaFile change, HbaGrammar grammar)
            throws IOException {
        Path file = change.file();
        if (!HbaReader.readText(file).equals(change.before())) {
            return Optional.of(file + " changed since the plan was made; nothing written, run apply again");
        }
        byte[] previous = Files.readAllBytes(file);
        Files.copy(file, backupOf(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        write(file, change.after().getBytes(StandardCharsets.UTF_8));
        Optional<String> problem;
        try {
            List<String> rejected = ServerHbaView.errors(connection, grammar.major());
            if (!rejected.isEmpty()) {
                write(file, previous);
                return Optional.of("the server rejects the new " + file + " (" + String.join("; ", rejected)
                        + "); the previous file is back in place and nothing was reloaded");
            }
            reload.reloadAndWait(connection);
            problem = confirm(connection, change, grammar);
        } catch (SQLException | RuntimeException e) { // whatever it was, the new file must not stay unconfirmed
            problem = Optional.of(e instanceof SQLException sql ? ServerError.of(sql).message() : e.getMessage());
        }
        if (problem.isPresent()) {
            return Optional.of(problem.get() + "; " + putBack(connection, file, previous));
        }
        LOG.info("{} rewritten and reloaded; the previous version is in {}", file, backupOf(file));
        return Optional.empty();
    }

    /** What became of the previous file: back and loaded, back but not yet loaded, or still in the backup. */
    private String putBack(Connection connection, Path file, byte[] previous) {
        try {
            write(file, previous);
        } catch (IOException e) {
            return "the previous " + file + " could not be put back (" + e.getMessage() + "): copy "
                    + backupOf(file) + " over it and reload the server";
        }
        try {
            reload.reloadAndWait(connection);
            return "the previous " + file + " is back in place and reloaded";
        } catch (SQLException | RuntimeException e) {
            return "the previous " + file + " is back in place"
                    + ServerReload.afterUnconfirmedPutBack(e, connector::connect);
        }
    }

    /** The server now reads the rules the agent meant, and the agent can still get in as it always does. */
    private Optional<String> confirm(Connection connection, RewriteHbaFile change, HbaGrammar grammar) throws SQLException {
        HbaFileParser parser = new HbaFileParser(grammar, ConfFiles.disk());
        List<HbaViewRow> meant = HbaTree.load(parser, parser.parse(change.file(), change.after())).lines().stream()
                .map(HbaMatcher::ruleOf).filter(Objects::nonNull).map(rule -> HbaViewRow.of(rule, grammar.major())).toList();
        List<HbaViewRow> read = ServerHbaView.rules(connection);
        if (!read.equals(meant)) {
            return Optional.of("after the reload the server reads the rules differently from the agent: it has "
                    + read.size() + " rules, the agent meant " + meant.size());
        }
        try (Connection fresh = connector.connect()) {
            return Optional.empty();
        } catch (ConnectionException e) {
            return Optional.of("after the reload a new connection the way the agent connects failed: " + e.getMessage());
        }
    }

    private void write(Path file, byte[] content) throws IOException {
        AtomicFile.replace(file, content, temp -> listener.fileReadyToReplace(temp, file));
    }

    /** {@code pg_hba.conf.pgstate-backup}: not a {@code *.conf} name, so an include_dir never picks it up. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".pgstate-backup");
    }
}
