package dev.pgstate.reconcilers.apply;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.reconcilers.connect.ConnectionException;
import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.reconcilers.plan.Effect;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs what the applied changes need from the server, once, after all of them: at most one restart (when
 * the policy allows it; a restart also reads every config file) or else at most one reload. Each is confirmed,
 * not assumed: a reload by {@code pg_conf_load_time()} moving on, a restart by {@code pg_postmaster_start_time()}
 * moving on and no parameter left with {@code pending_restart}. Whoever writes config files (settings, pg_hba)
 * only marks its changes with {@link Effect#RELOAD} or {@link Effect#RESTART}.
 *
 * <p>A restart is a transaction with a way back: when the server does not come back with the new configuration,
 * the config files are put back as they were before the apply ({@link ConfigSnapshot}), the server is started
 * again with them, and the failure names the server's own FATAL line and says "rolled back". Only when even that
 * start fails does it say the server is down, and what a person must do.
 */
public final class ServerEffects {

    private static final Logger LOG = LoggerFactory.getLogger(ServerEffects.class);
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);
    /** Longer than any shutdown checkpoint: the default command itself waits up to an hour ({@code pg_ctl -t}). */
    private static final Duration COMMAND_WAIT = Duration.ofMinutes(65);
    private static final Duration COMEBACK_WAIT = Duration.ofSeconds(60);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

    private final DatabaseConnections connections;
    private final DatabaseConnections afterRestart;
    private final RestartPolicy policy;
    private final Function<Optional<Path>, RestartCommand> commandFor;
    private final ConfigSnapshot previous;

    /**
     * @param afterRestart how to reach the server once restarted: a changed port moves it
     * @param commandFor   the restart command, given the file the server logs to when it is known
     * @param previous     the config files as they were before this apply changed them
     */
    public ServerEffects(DatabaseConnections connections, DatabaseConnections afterRestart, RestartPolicy policy,
                         Function<Optional<Path>, RestartCommand> commandFor, ConfigSnapshot previous) {
        this.connections = connections;
        this.afterRestart = afterRestart;
        this.policy = policy;
        this.commandFor = commandFor;
        this.previous = previous;
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
                reload();
            }
            return new EffectsResult(reload, false, needRestart);
        } catch (SQLException e) {
            throw new EffectFailedException(needRestart.isEmpty() ? Effect.RELOAD : Effect.RESTART,
                    "the server stopped answering: " + e.getMessage(), e);
        }
    }

    private void reload() throws SQLException {
        try (Connection connection = connections.open(connections.maintenanceDatabase())) {
            Timestamp before = timestamp(connection, "SELECT pg_catalog.pg_conf_load_time()");
            LOG.info("reloading the server configuration");
            timestamp(connection, "SELECT now() WHERE pg_catalog.pg_reload_conf()");
            long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
            // the signal is asynchronous; this session takes the new configuration between two queries
            while (!timestamp(connection, "SELECT pg_catalog.pg_conf_load_time()").after(before)) {
                if (System.nanoTime() > deadline) {
                    throw new EffectFailedException(Effect.RELOAD, "the server did not reload its configuration within "
                            + RELOAD_WAIT.toSeconds() + " s of pg_reload_conf()", null);
                }
                pause(Duration.ofMillis(50));
            }
        }
    }

    private void restart() throws SQLException {
        Timestamp started;
        Optional<ServerLog> log;
        try (Connection connection = connections.open(connections.maintenanceDatabase())) {
            started = timestamp(connection, "SELECT pg_catalog.pg_postmaster_start_time()");
            log = ServerLog.of(connection);
        }
        log.ifPresent(ServerLog::mark);
        RestartCommand command = commandFor.apply(log.map(ServerLog::file));
        LOG.info("restarting the server: {}", command.shellCommand());
        try {
            runCommand(command);
            confirmRestarted(awaitServer(afterRestart), started);
        } catch (EffectFailedException failure) {
            if (answers(afterRestart) || answers(connections)) {
                throw failure; // the server runs: nothing to roll back, the failure says what went wrong
            }
            rollBack(command, withServerLog(failure, log));
        }
    }

    /** The server's own words belong in the failure: its FATAL lines from its log, when the output had none. */
    private static EffectFailedException withServerLog(EffectFailedException failure, Optional<ServerLog> log) {
        List<String> fatal = log.map(ServerLog::fatalLinesSinceMark).orElse(List.of()).stream()
                .filter(line -> !failure.getMessage().contains(line)).toList();
        return fatal.isEmpty() ? failure : new EffectFailedException(Effect.RESTART,
                failure.getMessage() + "; the server's log: " + String.join("; ", fatal), failure);
    }

    private static void confirmRestarted(Connection restarted, Timestamp started) throws SQLException {
        try (Connection connection = restarted) {
            if (!timestamp(connection, "SELECT pg_catalog.pg_postmaster_start_time()").after(started)) {
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

    /**
     * The server did not come back: the previous config files go back and the same command starts it with them
     * (pg_ctl restart, pg_ctlcluster restart and systemctl restart all start a stopped server).
     */
    private void rollBack(RestartCommand command, EffectFailedException failure) {
        LOG.warn("the server did not come back after the restart; putting the previous configuration back: {}",
                failure.getMessage());
        try {
            previous.restore();
        } catch (IOException e) {
            throw down(command, failure, "the previous configuration could not be put back (" + e.getMessage() + ")");
        }
        try {
            runCommand(command);
            awaitServer(connections).close();
        } catch (EffectFailedException | SQLException again) {
            throw down(command, failure, "it did not start with the previous configuration either: " + again.getMessage());
        }
        throw new EffectFailedException(Effect.RESTART, "rolled back: the server did not start with the new "
                + "configuration (" + failure.getMessage() + "); the previous configuration is back in "
                + previous.files() + " and the server runs with it", failure);
    }

    private EffectFailedException down(RestartCommand command, EffectFailedException failure, String why) {
        return new EffectFailedException(Effect.RESTART, "THE SERVER IS DOWN: it did not start with the new "
                + "configuration (" + failure.getMessage() + ") and " + why + "; fix the configuration in "
                + previous.files() + " and start the server by hand (" + command.shellCommand() + ")", failure);
    }

    /** One attempt, no waiting: whether the server accepts a session right now. */
    private static boolean answers(DatabaseConnections server) {
        try (Connection connection = server.open(server.maintenanceDatabase())) {
            return connection.isValid(5);
        } catch (SQLException | ConnectionException e) {
            return false;
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
                        + COMMAND_WAIT.toMinutes() + " min: " + command.shellCommand(), null);
            }
            if (process.exitValue() != 0) {
                throw new EffectFailedException(Effect.RESTART, "the restart command exited with "
                        + process.exitValue() + ": " + serverSaid(output), null);
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

    /**
     * What a person needs from the command's output: the server's own FATAL or PANIC lines when it printed any
     * (pg_ctl shows the postmaster's output when it cannot start it), otherwise the output's last lines.
     */
    static String serverSaid(Path output) throws IOException {
        String text = Files.readString(output, StandardCharsets.UTF_8).strip();
        List<String> fatal = ServerLog.fatalLines(text);
        String said = fatal.isEmpty() ? text : String.join("; ", fatal);
        return said.length() > 2000 ? said.substring(said.length() - 2000) : said;
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
