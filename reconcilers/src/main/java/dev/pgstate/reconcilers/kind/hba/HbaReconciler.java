package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.ApplyResult.Failure;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.conf.HbaViewRow;
import dev.pgstate.reconcilers.core.apply.EffectFailedException;
import dev.pgstate.reconcilers.core.connect.ConnectionException;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.kind.hba.HbaReader;
import dev.pgstate.reconcilers.core.plan.Change.RewriteHbaFile;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new pg_hba.conf without ever leaving the server with rules nobody checked: back up, write atomically,
 * let the server's own {@code pg_hba_file_rules} read the file (any error line: restore, no reload), reload and
 * wait until the server has, confirm the server reads the rules the agent meant, and open a fresh connection the
 * way the agent connects. If the last two fail the previous file is restored and reloaded.
 */
public final class HbaReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(HbaReconciler.class);
    /** A loaded box takes a while to reload; generous, so a slow test machine is not a failure. */
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(60);

    private final Connector connector;
    private final ApplyListener listener;

    public HbaReconciler(Connector connector, ApplyListener listener) {
        this.connector = connector;
        this.listener = listener;
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
            return Optional.of(new Failure(change, new LocalFault(change.file() + ": " + e), ""));
        } catch (EffectFailedException e) {
            return Optional.of(new Failure(change, new LocalFault(e.getMessage()), ""));
        } catch (SQLException e) {
            return Optional.of(new Failure(change, ServerError.of(e), ""));
        }
        listener.afterChange(change);
        return Optional.empty();
    }

    private Optional<String> rewrite(Connection connection, RewriteHbaFile change, HbaGrammar grammar)
            throws IOException, SQLException {
        Path file = change.file();
        if (!HbaReader.readText(file).equals(change.before())) {
            return Optional.of(file + " changed since the plan was made; nothing written, run apply again");
        }
        Files.copy(file, backupOf(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        write(file, change.after());
        List<String> rejected = ServerHbaView.errors(connection, grammar.major());
        if (!rejected.isEmpty()) {
            write(file, change.before());
            return Optional.of("the server rejects the new " + file + " (" + String.join("; ", rejected)
                    + "); the previous file is back in place and nothing was reloaded");
        }
        reload(connection);
        Optional<String> problem = confirm(connection, change, grammar);
        if (problem.isPresent()) {
            write(file, change.before());
            reload(connection);
            return Optional.of(problem.get() + "; the previous " + file + " is back in place and reloaded");
        }
        LOG.info("{} rewritten and reloaded; the previous version is in {}", file, backupOf(file));
        return Optional.empty();
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

    /** Reloads and waits until this session has seen it: {@code pg_conf_load_time()} moves forward. */
    private static void reload(Connection connection) throws SQLException {
        var before = HbaReader.confLoadTime(connection);
        try (var statement = connection.createStatement()) {
            statement.execute("SELECT pg_catalog.pg_reload_conf()");
        }
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        while (!HbaReader.confLoadTime(connection).isAfter(before)) {
            if (System.nanoTime() > deadline) {
                throw new EffectFailedException(Effect.RELOAD, "the server did not reload its configuration within "
                        + RELOAD_WAIT.toSeconds() + " s (pg_conf_load_time() did not move)", null);
            }
            sleep();
        }
    }

    private void write(Path file, String text) throws IOException {
        AtomicFile.replace(file, text.getBytes(StandardCharsets.UTF_8), temp -> listener.fileReadyToReplace(temp, file));
    }

    /** {@code pg_hba.conf.pgstate-backup}: not a {@code *.conf} name, so an include_dir never picks it up. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".pgstate-backup");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EffectFailedException(Effect.RELOAD, "interrupted while waiting for the server to reload", e);
        }
    }
}
