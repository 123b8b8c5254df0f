package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.reconcilers.core.connect.ConnectionException;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs what the applied changes need from the server, once, after all of them: at most one restart (when
 * the policy allows it; a restart also reads every config file) or else at most one reload. Each is confirmed,
 * not assumed: a reload by {@code pg_conf_load_time()} moving on, a restart by {@code pg_postmaster_start_time()}
 * moving on and no parameter left with {@code pending_restart}. Whoever writes config files (settings, pg_hba)
 * only marks its changes with {@link Effect#RELOAD} or {@link Effect#RESTART}.
 */
public final class ServerEffects {

    private static final Logger LOG = LoggerFactory.getLogger(ServerEffects.class);
    /** Bounds a restart command that hangs; pg_ctl's own wait ({@link RestartCommand#PG_CTL_WAIT}) ends first. */
    private static final Duration COMMAND_WAIT = RestartCommand.PG_CTL_WAIT.multipliedBy(2).plusMinutes(5);
    private static final Duration COMEBACK_WAIT = Duration.ofSeconds(60);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

    private final DatabaseConnections connections;
    private final DatabaseConnections afterRestart;
    private final RestartPolicy policy;
    private final RestartCommand command;
    private final Rollback rollback;
    private final ServerReload serverReload;

    /**
     * The way back from a reload the server does not show, or a restart it does not survive.
     *
     * @param previous     the config files as they were before the apply
     * @param startCommand starts the server with them
     * @param serverLog    where the server writes, for its FATAL line
     */
    public record Rollback(ConfigSnapshot previous, RestartCommand startCommand, Optional<Path> serverLog) {
    }

    /**
     * @param afterRestart how to reach the server once restarted: a changed port moves it
     */
    public ServerEffects(DatabaseConnections connections, DatabaseConnections afterRestart, RestartPolicy policy,
                         RestartCommand command, Rollback rollback, ServerReload serverReload) {
        this.connections = connections;
        this.afterRestart = afterRestart;
        this.policy = policy;
        this.command = command;
        this.rollback = rollback;
        this.serverReload = serverReload;
    }

    /** @throws EffectFailedException when the reload or restart did not happen or cannot be confirmed */
    public EffectsResult perform(List<Change> applied) {
        List<String> needRestart = applied.stream().filter(c -> c.effect() == Effect.RESTART)
                .map(c -> c.address().toString()).toList();
        boolean needReload = applied.stream().anyMatch(c -> c.effect() == Effect.RELOAD);
        try {
            if (!needRestart.isEmpty() && policy == RestartPolicy.IF_NEEDED) {
                restart();
                return new EffectsResult(false, true, List.of());
            }
            // a restart left to a person still gets a reload: only then does the server mark pending_restart
            boolean reload = needReload || !needRestart.isEmpty();
            if (reload) {
                reloadOrPutBack();
            }
            return new EffectsResult(reload, false, needRestart);
        } catch (SQLException e) {
            throw new EffectFailedException(needRestart.isEmpty() ? Effect.RELOAD : Effect.RESTART,
                    "the server stopped answering: " + e.getMessage(), e);
        }
    }

    private void reload() throws SQLException {
        try (Connection connection = connections.open(connections.maintenanceDatabase())) {
            LOG.info("reloading the server configuration");
            serverReload.reloadAndWait(connection);
        }
    }

    /**
     * A reload the server does not show leaves the new files where it may read them at any later signal: the
     * previous ones go back, and are reloaded if the server now answers, so it stays on the values it had.
     */
    private void reloadOrPutBack() throws SQLException {
        try {
            reload();
        } catch (EffectFailedException | SQLException | ConnectionException failed) {
            if (rollback.previous().isEmpty()) {
                throw failed;
            }
            LOG.warn("the reload was not confirmed ({}); putting back {}", failed.getMessage(), rollback.previous());
            try {
                rollback.previous().restore();
            } catch (IOException e) {
                throw new EffectFailedException(Effect.RELOAD, "the reload was not confirmed (" + failed.getMessage()
                        + ") and the previous configuration could not be put back (" + e.getMessage()
                        + "): put back " + rollback.previous() + " and reload the server", failed);
            }
            String loaded;
            try {
                reload();
                loaded = " and reloaded";
            } catch (EffectFailedException | SQLException | ConnectionException again) {
                loaded = ServerReload.afterUnconfirmedPutBack(again,
                        () -> connections.open(connections.maintenanceDatabase()));
            }
            throw EffectFailedException.rolledBack(Effect.RELOAD, "the reload was not confirmed: " + failed.getMessage()
                    + "; rolled back: the previous " + rollback.previous() + " is back" + loaded, failed);
        }
    }

    /**
     * A restart is a transaction: when the server does not come back with the new configuration, the previous
     * files are put back and the server is started with them, and the failure names the server's own FATAL line.
     */
    private void restart() throws SQLException {
        Optional<Timestamp> started = startTime();
        long logMark = rollback.serverLog().map(ServerEffects::size).orElse(0L);
        // a failed command puts the kept files back and starts the server itself, whatever becomes of the agent
        RestartCommand transaction = rollback.previous().files().isEmpty() ? command : command.orElse(
                rollback.previous().restoreShell() + " && " + rollback.startCommand().shellCommand());
        LOG.info("restarting the server: {}", transaction.shellCommand());
        try {
            runCommand(transaction);
            confirmRestarted(started);
        } catch (EffectFailedException failed) {
            throw rollBack(failed, logMark);
        }
    }

    /**
     * When the postmaster is running, its start time, which the restart must move on; empty when the server takes no
     * connections (killed since the changes were written, say): the restart command then starts it, rather than the
     * apply failing here and leaving it down.
     */
    private Optional<Timestamp> startTime() throws SQLException {
        try (Connection connection = connections.open(connections.maintenanceDatabase())) {
            return Optional.of(timestamp(connection, "SELECT pg_catalog.pg_postmaster_start_time()"));
        } catch (ConnectionException down) {
            LOG.warn("the server takes no connections before its restart ({}); the restart command starts it",
                    down.getMessage());
            return Optional.empty();
        }
    }

    private void confirmRestarted(Optional<Timestamp> started) throws SQLException {
        try (Connection connection = awaitServer(afterRestart)) {
            Timestamp now = timestamp(connection, "SELECT pg_catalog.pg_postmaster_start_time()");
            if (started.isPresent() && !now.after(started.get())) {
                throw new EffectFailedException(Effect.RESTART, "the restart command succeeded but the server "
                        + "was not restarted (same postmaster start time); check restart_command", null);
            }
            List<String> pending = names(connection, "SELECT name FROM pg_catalog.pg_settings WHERE pending_restart");
            if (!pending.isEmpty()) {
                throw new EffectFailedException(Effect.RESTART, "after the restart these still wait for one: "
                        + String.join(", ", pending), null);
            }
        }
    }

    /** The failure to report: rolled back, or, only when even the previous configuration does not start, down. */
    private EffectFailedException rollBack(EffectFailedException failed, long logMark) {
        String why = fatalLine(logMark).or(() -> fatalLine(failed.getMessage())).orElse(failed.getMessage());
        if (rollback.previous().isEmpty()) {
            return new EffectFailedException(Effect.RESTART, why, failed);
        }
        LOG.warn("the server did not come back with the new configuration ({}); putting back {}", why,
                rollback.previous());
        String manual = "the server is down: put back the previous " + rollback.previous()
                + " and start it (" + rollback.startCommand().shellCommand() + ")";
        try {
            rollback.previous().restore();
        } catch (IOException e) {
            return new EffectFailedException(Effect.RESTART, "the restart failed (" + why + ") and the previous "
                    + "configuration could not be put back (" + e.getMessage() + "); " + manual, failed);
        }
        try {
            if (!accepts(connections)) {
                LOG.info("starting the server with the previous configuration: {}",
                        rollback.startCommand().shellCommand());
                runCommand(rollback.startCommand());
            }
            try (Connection connection = awaitServer(connections)) {
                connection.isValid(1);
            }
            reload(); // a server the command never stopped still shows the new values as pending_restart
        } catch (EffectFailedException | SQLException down) {
            return new EffectFailedException(Effect.RESTART, "the restart failed (" + why + ") and the server did "
                    + "not start with the previous configuration either (" + down.getMessage() + "); " + manual, down);
        }
        return EffectFailedException.rolledBack(Effect.RESTART, "the server did not come back with the new configuration: "
                + why + "; rolled back: the previous " + rollback.previous() + " is back and the server runs with it",
                failed);
    }

    private boolean accepts(DatabaseConnections server) {
        try (Connection connection = server.open(server.maintenanceDatabase())) {
            return connection.isValid(1);
        } catch (SQLException | ConnectionException e) {
            return false;
        }
    }

    /** The server's last FATAL line written since {@code logMark}, from the file the postmaster writes to. */
    private Optional<String> fatalLine(long logMark) {
        return rollback.serverLog().flatMap(log -> {
            try (var channel = java.nio.channels.FileChannel.open(log)) {
                long from = channel.size() < logMark ? 0 : logMark;
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) Math.min(channel.size() - from, 1 << 20));
                channel.read(bytes, from);
                return fatalLine(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<String> fatalLine(String text) {
        return text.lines().filter(line -> line.contains("FATAL:")).reduce((first, second) -> second)
                .map(line -> line.substring(line.indexOf("FATAL:")).strip());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Output goes to a file: a server started by the command may keep a pipe open long after the command ends. */
    private void runCommand(RestartCommand command) {
        Path output = null;
        try {
            output = Files.createTempFile("pgstate-restart", ".log");
            Process process = new ProcessBuilder(command.argv()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EffectFailedException(Effect.RESTART, "the restart command did not finish within "
                        + COMMAND_WAIT.toSeconds() + " s: " + command.shellCommand(), null);
            }
            if (process.exitValue() != 0) {
                throw new EffectFailedException(Effect.RESTART, "the restart command exited with "
                        + process.exitValue() + ": " + command.shellCommand() + ": " + tail(output), null);
            }
        } catch (IOException e) {
            throw new EffectFailedException(Effect.RESTART, "cannot run the restart command "
                    + command.shellCommand() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EffectFailedException(Effect.RESTART, "interrupted while restarting the server", e);
        } finally {
            delete(output);
        }
    }

    /** Polls with a doubling pause, bounded: the server may take a while to finish recovery and accept connections. */
    private static Connection awaitServer(DatabaseConnections server) {
        long deadline = System.nanoTime() + COMEBACK_WAIT.toNanos();
        Duration pause = FIRST_RETRY;
        while (true) {
            try {
                return server.open(server.maintenanceDatabase());
            } catch (SQLException | ConnectionException e) {
                if (System.nanoTime() > deadline) {
                    throw new EffectFailedException(Effect.RESTART, "the server did not accept connections within "
                            + COMEBACK_WAIT.toSeconds() + " s of the restart: " + e.getMessage(), e);
                }
                pause(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
            }
        }
    }

    private static Timestamp timestamp(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    private static List<String> names(Connection connection, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EffectFailedException(Effect.RESTART, "interrupted while waiting for the server", e);
        }
    }

    private static String tail(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8).strip();
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }

    private static void delete(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
