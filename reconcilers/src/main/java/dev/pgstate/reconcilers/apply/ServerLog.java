package dev.pgstate.reconcilers.apply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The file the server writes its own messages to, found as the server shows it: a backend inherits the
 * postmaster's stderr, so {@code /proc/PID/fd/2} of the agent's own backend names the file a {@code pg_ctl -l}
 * or a service manager sent it to. The agent runs on the server's box as its OS user, so it can read that link.
 * A restart keeps writing there, and a failed one is explained by the FATAL lines added since {@link #mark()}.
 */
public final class ServerLog {

    private final Path file;
    private long mark;

    private ServerLog(Path file) {
        this.file = file;
    }

    /** The server's stderr file when it is a regular file this process can see; empty for a pipe, a tty, none. */
    public static Optional<ServerLog> of(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
            rs.next();
            Path stderr = Path.of("/proc", Integer.toString(rs.getInt(1)), "fd", "2");
            Path target = Files.readSymbolicLink(stderr);
            return target.isAbsolute() && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    ? Optional.of(new ServerLog(target)) : Optional.empty();
        } catch (SQLException | IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty(); // another box, another user, or no /proc: the command's output must do
        }
    }

    public Path file() {
        return file;
    }

    /** Remembers where the log ends now: what follows is the restart's. */
    public void mark() {
        try {
            mark = Files.size(file);
        } catch (IOException e) {
            mark = 0;
        }
    }

    /** The server's FATAL and PANIC lines written since {@link #mark()}, the last few. */
    public List<String> fatalLinesSinceMark() {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(mark, Files.size(file)));
            return fatalLines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The last few distinct FATAL and PANIC lines of a server's output. */
    static List<String> fatalLines(String output) {
        List<String> fatal = output.lines().filter(line -> line.contains("FATAL:") || line.contains("PANIC:"))
                .map(String::strip).distinct().toList();
        return fatal.subList(Math.max(0, fatal.size() - 5), fatal.size());
    }
}
