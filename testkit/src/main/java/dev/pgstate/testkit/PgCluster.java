package dev.pgstate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.postgresql.core.Utils;

/**
 * One running throwaway PostgreSQL cluster (real initdb, own data dir, port, socket dir and log), so tests and the
 * demo exercise a real server; {@link #close()} stops it and deletes everything.
 *
 * <p>Outside JUnit: {@code try (PgCluster pg = PgCluster.start(16)) { ... }}. Inside JUnit use {@link PgExtension}.
 * When the JVM runs as root the server runs as an unprivileged OS user (see {@link ServerUser}).
 */
public final class PgCluster implements AutoCloseable {

    /** The bootstrap superuser created by initdb. */
    public static final String SUPERUSER = "postgres";

    private static final int ROLES_PER_DROP = 1000;
    /** Config files restored by {@link #reset()}. */
    private static final List<String> CONFIG_FILES = List.of("postgresql.conf", "pg_hba.conf", "pg_ident.conf", "postgresql.auto.conf");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<PgCluster> LIVE = ConcurrentHashMap.newKeySet();
    private static final Thread SHUTDOWN_HOOK = new Thread(() -> LIVE.forEach(PgCluster::close), "pgstate-testkit-cleanup");

    static {
        Runtime.getRuntime().addShutdownHook(SHUTDOWN_HOOK);
    }

    private final PgBinaries binaries;
    private final ServerUser user;
    private final Path baseDir;
    private final Path dataDir;
    private final Path socketDir;
    private final Path logFile;
    private final Path commandLog;
    private final String initdbConfig;
    private final Map<String, byte[]> configSnapshot = new LinkedHashMap<>();
    private int port;
    private volatile boolean closed;

    private PgCluster(PgBinaries binaries, ServerUser user) throws IOException {
        this.binaries = binaries;
        this.user = user;
        this.baseDir = Files.createTempDirectory("pgstate-pg" + binaries.major() + "-");
        this.dataDir = baseDir.resolve("data");
        this.socketDir = baseDir.resolve("sock");
        this.logFile = baseDir.resolve("postgres.log");
        this.commandLog = baseDir.resolve("commands.log");
        LIVE.add(this);
        try {
            Files.createDirectories(socketDir);
            Files.createFile(logFile);
            user.own(baseDir);
            run(List.of(binaries.bin("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER, "--auth=trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"));
            this.initdbConfig = Files.readString(configFile());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        this.port = freePort();
        writeConfig();
    }

    /** Starts a new cluster of {@code major} (11, 14, 16, 18, ...); the caller must {@link #close()} it. */
    public static PgCluster start(int major) {
        return startAs(major, ServerUser.get());
    }

    /**
     * Like {@link #start(int)}, run by {@code user}: e.g. {@link ServerUser#another()}, for a server that belongs to
     * someone other than the one the tests' clusters run as.
     */
    public static PgCluster startAs(int major, ServerUser user) {
        return start(PgBinaries.forMajor(major), user);
    }

    /** Like {@link #start(int)}, with other binaries: e.g. {@link PgBinaries#installed(Path)}. */
    public static PgCluster start(PgBinaries binaries) {
        return start(binaries, ServerUser.get());
    }

    private static PgCluster start(PgBinaries binaries, ServerUser user) {
        PgCluster cluster = null;
        try {
            cluster = new PgCluster(binaries, user);
            cluster.startServer();
            for (String name : CONFIG_FILES) {
                cluster.configSnapshot.put(name, readOrNull(cluster.dataDir.resolve(name)));
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /** Major version, e.g. 16. */
    public int majorVersion() {
        return binaries.major();
    }

    /** Full version of the binaries, e.g. 16.15.0. */
    public String fullVersion() {
        return binaries.fullVersion();
    }

    /** The binaries this cluster runs. */
    public PgBinaries binaries() {
        return binaries;
    }

    /** TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Unix socket directory; the socket is {@code socketDir()/.s.PGSQL.<port>}. */
    public Path socketDir() {
        return socketDir;
    }

    /** Data directory (PGDATA). */
    public Path dataDir() {
        return dataDir;
    }

    /** {@code postgresql.conf} in the data directory. */
    public Path configFile() {
        return dataDir.resolve("postgresql.conf");
    }

    /** {@code pg_hba.conf} in the data directory. */
    public Path hbaFile() {
        return dataDir.resolve("pg_hba.conf");
    }

    /** {@code pg_ident.conf} in the data directory. */
    public Path identFile() {
        return dataDir.resolve("pg_ident.conf");
    }

    /** The server log (pg_ctl -l). */
    public Path logFile() {
        return logFile;
    }

    /** Bootstrap superuser name, {@value #SUPERUSER}; authentication is trust. */
    public String superuser() {
        return SUPERUSER;
    }

    /** The OS user the server runs as; use {@link ServerUser#own(Path)} on files you add to the data dir as root. */
    public ServerUser serverUser() {
        return user;
    }

    /** JDBC URL over TCP for {@code database}, with the superuser as user. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER + "&sslmode=disable";
    }

    /** A new connection to {@code database} as the superuser over TCP (autocommit). */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "pgstate-testkit");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Runs {@code sql} in database postgres; see {@link #psql(String, String)}. */
    public String psql(String sql) {
        return psql("postgres", sql);
    }

    /**
     * Runs {@code sql} (autocommit) and returns the last result like {@code psql -At}: columns joined by {@code |},
     * rows by newlines, NULL as empty; "" when the last statement returns no rows.
     */
    public String psql(String database, String sql) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            String text = "";
            boolean isResult = st.execute(sql);
            while (true) {
                if (isResult) {
                    text = format(st.getResultSet());
                } else if (st.getUpdateCount() == -1) {
                    return text;
                }
                isResult = st.getMoreResults();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on PostgreSQL " + majorVersion() + " (" + database + "): " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} in database postgres, ignoring results. One statement per call for CREATE/DROP DATABASE. */
    public void execute(String sql) {
        psql("postgres", sql);
    }

    /**
     * Makes the cluster look freshly created: starts it if stopped, restores the config files (reloading if any had
     * changed, restarting when the reload leaves a parameter waiting for one), ends other sessions, drops every
     * non-system database and every role except the bootstrap superuser and {@code pg_*}. Objects the superuser
     * created inside databases postgres/template1 are not removed.
     */
    public void reset() {
        try {
            boolean configChanged = restoreConfig();
            if (!isRunning()) {
                startServer();
            } else if (configChanged) {
                reloadOrRestart();
            }
            try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'");
                for (String db : column(st, "SELECT datname FROM pg_database"
                        + " WHERE datname NOT IN ('postgres', 'template0', 'template1') ORDER BY 1")) {
                    dropDatabase(st, db);
                }
                List<String> roles = column(st, "SELECT quote_ident(rolname) FROM pg_roles"
                        + " WHERE oid <> 10 AND rolname !~ '^pg_' ORDER BY 1");
                // in batches: dropping thousands of roles in one statement runs out of the server's lock table
                for (int from = 0; from < roles.size(); from += ROLES_PER_DROP) {
                    String list = String.join(", ", roles.subList(from, Math.min(roles.size(), from + ROLES_PER_DROP)));
                    for (String db : column(st, "SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1")) {
                        try (Connection dc = connect(db); Statement ds = dc.createStatement()) {
                            ds.execute("REASSIGN OWNED BY " + list + " TO " + SUPERUSER);
                            ds.execute("DROP OWNED BY " + list);
                        }
                    }
                    st.execute("DROP ROLE " + list);
                }
                st.execute("ALTER ROLE " + SUPERUSER + " RESET ALL");
                st.execute("ALTER ROLE " + SUPERUSER + " PASSWORD NULL");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot reset PostgreSQL " + majorVersion() + " cluster " + baseDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the restored config files in force. A reload does it, and costs far less than the restart most tests'
     * changes would otherwise take, unless a parameter only a restart sets differs from the running value (the
     * server then reports it as {@code pending_restart}), or the test left a pg_hba.conf that refuses the superuser
     * here: then a restart, as before.
     */
    private void reloadOrRestart() {
        try {
            String loaded = psql("SELECT pg_conf_load_time()");
            execute("SELECT pg_reload_conf()");
            awaitReload(loaded);
            if (psql("SELECT count(*) FROM pg_settings WHERE pending_restart").equals("0")) {
                return;
            }
        } catch (IllegalStateException notReloaded) {
            // a connection refused or a reload never seen: the restart below starts from the files alone
        }
        restart();
    }

    /**
     * Waits until a new session sees a config load time other than {@code before}: the postmaster has then read the
     * files (pg_hba.conf included) before forking it, so every later connection is judged by them.
     */
    private void awaitReload(String before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (psql("SELECT pg_conf_load_time()").equals(before)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL " + majorVersion() + " did not reload within 30 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for a reload", e);
            }
        }
    }

    private void dropDatabase(Statement st, String db) throws SQLException {
        String name = Utils.escapeIdentifier(null, db).toString();
        st.execute("UPDATE pg_database SET datistemplate = false WHERE datname = " + literal(db));
        if (majorVersion() >= 13) {
            st.execute("DROP DATABASE " + name + " WITH (FORCE)");
            return;
        }
        // 11/12: no FORCE; DROP DATABASE itself waits up to 5 s for terminated sessions to go away.
        for (int attempt = 1; ; attempt++) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                    + literal(db) + " AND pid <> pg_backend_pid()");
            try {
                st.execute("DROP DATABASE " + name);
                return;
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * A shell command line that restarts this server as its OS user, as a spec's {@code restart_command} would:
     * pg_ctl from the cluster's binaries, its output to the cluster's log.
     */
    public String restartCommand() {
        List<String> argv = serverUser().command(List.of(binaries.bin("pg_ctl").toString(), "restart",
                "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "-l", logFile().toString()));
        return argv.stream().map(word -> "'" + word.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** Stops (fast) and starts the server again, with the config files as they are on disk now. */
    public void restart() {
        stop();
        startServer();
    }

    /** Stops the server (fast shutdown, immediate as fallback); files stay until {@link #close()}. */
    public void stop() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        try {
            pgCtl("stop", "-m", "fast");
        } catch (RuntimeException fast) {
            try {
                pgCtl("stop", "-m", "immediate");
            } catch (RuntimeException immediate) {
                killPostmaster();
                fast.addSuppressed(immediate);
                throw fast;
            }
        }
    }

    /** Starts the server again if it is stopped (pg_ctl start -w). */
    public void ensureRunning() {
        if (!isRunning()) {
            startServer();
        }
    }

    /** True if the postmaster is running ({@code pg_ctl status}). */
    public boolean isRunning() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        try {
            return exec(List.of(binaries.bin("pg_ctl").toString(), "status", "-D", dataDir.toString())) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server and deletes the data, socket and log directories. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } catch (RuntimeException e) {
            killPostmaster();
        } finally {
            PgBinaries.deleteTree(baseDir);
            LIVE.remove(this);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + fullVersion() + " on 127.0.0.1:" + port + " (" + dataDir + ", OS user " + user + ")";
    }

    private void startServer() {
        for (int attempt = 1; ; attempt++) {
            try {
                pgCtl("start", "-l", logFile.toString());
                return;
            } catch (RuntimeException e) {
                boolean portTaken = readLog().contains("could not bind") || readLog().contains("Address already in use");
                if (!portTaken || attempt == 5) {
                    throw e;
                }
                port = freePort();
                writeConfig();
            }
        }
    }

    private void pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of(binaries.bin("pg_ctl").toString(), action, "-D", dataDir.toString(), "-w", "-t", "60"));
        command.addAll(List.of(options));
        run(command);
    }

    /** The config appended to initdb's postgresql.conf; tests may edit the file, reset() restores it. */
    private void writeConfig() {
        String block = String.join("\n",
                "",
                "# ---- added by pgstate-testkit ----",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + socketDir + "'",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "shared_buffers = 16MB",
                "max_connections = 50",
                "logging_collector = off",
                "log_destination = 'stderr'",
                "log_line_prefix = '%m [%p] %q%u@%d '",
                "");
        try {
            Files.writeString(configFile(), initdbConfig + block, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean restoreConfig() throws IOException {
        boolean changed = false;
        for (Map.Entry<String, byte[]> entry : configSnapshot.entrySet()) {
            Path file = dataDir.resolve(entry.getKey());
            byte[] now = readOrNull(file);
            if (!java.util.Arrays.equals(now, entry.getValue())) {
                changed = true;
                if (entry.getValue() == null) {
                    Files.deleteIfExists(file);
                } else {
                    Files.write(file, entry.getValue());
                    user.own(file);
                }
            }
        }
        return changed;
    }

    private static byte[] readOrNull(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String literal(String value) throws SQLException {
        return "'" + Utils.escapeLiteral(null, value, true) + "'";
    }

    private static List<String> column(Statement st, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static String format(ResultSet rs) throws SQLException {
        StringJoiner rows = new StringJoiner("\n");
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringJoiner row = new StringJoiner("|");
            for (int i = 1; i <= columns; i++) {
                String v = rs.getString(i);
                row.add(v == null ? "" : v);
            }
            rows.add(row.toString());
        }
        rs.close();
        return rows.toString();
    }

    private void killPostmaster() {
        try {
            String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException ignored) {
            // nothing left to kill
        }
    }

    private void run(List<String> command) {
        try {
            int rc = exec(command);
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + rc + " (OS user " + user + ")\n"
                        + "--- command output:\n" + tail(commandLog) + "\n--- server log " + logFile + ":\n" + tail(logFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        }
    }

    /** Runs a command as the server user with output appended to commands.log (never a pipe a daemon could hold). */
    private int exec(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(user.command(command))
                .directory(baseDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(commandLog.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        try {
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("Timed out after " + COMMAND_TIMEOUT + ": " + command);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("Interrupted: " + command, e);
        }
    }

    private String readLog() {
        return tail(logFile);
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port", e);
        }
    }
}
