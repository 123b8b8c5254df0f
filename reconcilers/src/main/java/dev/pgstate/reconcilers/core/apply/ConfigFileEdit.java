package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.failure.FileFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces one config file, lets the server judge the new content through its own view of the files on disk
 * (pg_file_settings, pg_hba_file_rules, …), and puts the old bytes back when it objects: the agent never reloads a
 * file the server rejects. Any file-based reconciler uses it: write, check, and leave the reload to the
 * {@link ServerEffects} run once after all changes.
 */
public final class ConfigFileEdit {

    /** How the server judges the files on disk now; the problems as lines for people, none when it accepts them. */
    @FunctionalInterface
    public interface ServerCheck {
        List<String> problems(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileEdit.class);

    private ConfigFileEdit() {
    }

    /**
     * Writes {@code content} to {@code file} atomically (see {@link AtomicFile}), then runs {@code check}; on any
     * problem, or any failure to ask, the file is restored byte for byte (or removed if it did not exist).
     *
     * @throws ConfigFileRejectedException with the server's problems, after restoring the file
     */
    public static void replace(Connection connection, Path file, byte[] content, Path likeFile, ServerCheck check)
            throws SQLException {
        byte[] original = readOrNull(file);
        write(file, content, likeFile);
        List<String> problems;
        try {
            problems = check.problems(connection);
        } catch (SQLException | RuntimeException e) {
            restore(file, original, likeFile);
            throw e;
        }
        if (!problems.isEmpty()) {
            restore(file, original, likeFile);
            throw new ConfigFileRejectedException(file, problems);
        }
    }

    /** The bytes of {@code file}, or null when it does not exist. */
    public static byte[] readOrNull(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileFaults.describe(e), e);
        }
    }

    private static void write(Path file, byte[] content, Path likeFile) {
        try {
            AtomicFile.write(file, content, likeFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + FileFaults.describe(e), e);
        }
    }

    private static void restore(Path file, byte[] original, Path likeFile) {
        try {
            if (original == null) {
                AtomicFile.delete(file);
            } else {
                AtomicFile.write(file, original, likeFile);
            }
            LOG.info("restored {} as it was before", file);
        } catch (IOException e) {
            throw new UncheckedIOException("the server rejected the new " + file + " and restoring the old one "
                    + "failed; do not reload before fixing it by hand: " + FileFaults.describe(e), e);
        }
    }
}
