package dev.pgstate.reconcilers.core.apply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The running postmaster of a data directory, seen from this box: where its output goes and where its programs
 * are. Read from {@code postmaster.pid} and Linux's {@code /proc}, which the server's OS user and root may read; on
 * any other box, or without the rights, both are empty and the caller falls back to the platform's defaults.
 *
 * @param logFile      the regular file the postmaster's stderr is written to (the cluster's log when it was started
 *                     with {@code pg_ctl -l}); empty for a pipe, a terminal or /dev/null
 * @param binDirectory the directory of the postmaster's executable, where its pg_ctl is
 */
public record ServerProcess(Optional<Path> logFile, Optional<Path> binDirectory) {

    public static final ServerProcess UNKNOWN = new ServerProcess(Optional.empty(), Optional.empty());

    public static ServerProcess of(Path dataDirectory) {
        if (dataDirectory == null) {
            return UNKNOWN;
        }
        try {
            List<String> pidFile = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            Path proc = Path.of("/proc", pidFile.get(0).strip());
            return new ServerProcess(link(proc.resolve("fd/2")).filter(Files::isRegularFile),
                    link(proc.resolve("exe")).map(Path::getParent));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static Optional<Path> link(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
