package dev.pgstate.reconcilers.converge;

import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.plan.Change.AlterSetting;
import dev.pgstate.reconcilers.plan.Plan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What can be known, without touching the running server, about whether it will start with the planned settings:
 * every listen address belongs to this box, a new port is free, every preload library is in the server's library
 * directory, every file a setting names can be read, every socket directory exists. Each failure is a plan-time
 * problem naming the setting: a restart that cannot succeed is never attempted. The agent runs on the server's box
 * as its OS user, so what it sees is what the server will see.
 */
final class ServerStartChecks {

    private static final Set<String> ALWAYS_THERE = Set.of("*", "0.0.0.0", "::", "localhost");
    private static final Set<String> PRELOAD_LISTS = Set.of("shared_preload_libraries", "session_preload_libraries",
            "local_preload_libraries");
    /**
     * Settings naming a file the server reads at start or reload (external_pid_file is written, not read). The
     * certificate, key, CA and CRL files are the tls section's: it installs them in the same apply, checked first.
     */
    private static final Set<String> FILES_READ = Set.of("ssl_dh_params_file", "hba_file", "ident_file");

    private final Connection connection;
    private final LiveState live;
    private final List<String> problems = new ArrayList<>();

    private ServerStartChecks(Connection connection, LiveState live) {
        this.connection = connection;
        this.live = live;
    }

    /** The problems of {@code plan}'s setting changes; none when nothing it changes can stop the server. */
    static List<String> problems(Connection connection, LiveState live, Plan plan) throws SQLException {
        ServerStartChecks checks = new ServerStartChecks(connection, live);
        for (var change : plan.changes()) {
            if (change instanceof AlterSetting setting && !setting.awaitsRestartOnly()) {
                checks.check(setting);
            }
        }
        return checks.problems;
    }

    private void check(AlterSetting setting) throws SQLException {
        String name = setting.name();
        if (name.equals("listen_addresses")) {
            setting.items().forEach(address -> listenAddress(name, address));
        } else if (name.equals("port")) {
            port(setting.newPort().getAsInt());
        } else if (PRELOAD_LISTS.contains(name)) {
            for (String library : setting.items()) {
                library(name, library);
            }
        } else if (FILES_READ.contains(name) && !setting.value().isEmpty()) {
            readable(name, dataRelative(setting.value()));
        } else if (name.equals("unix_socket_directories")) {
            setting.items().stream().filter(dir -> !dir.startsWith("@")) // abstract namespace: no directory
                    .map(this::dataRelative).filter(dir -> !Files.isDirectory(dir))
                    .forEach(dir -> problems.add(where(name) + dir + " is not a directory; the server would not start"));
        }
    }

    private void listenAddress(String name, String address) {
        if (ALWAYS_THERE.contains(address)) {
            return;
        }
        try {
            for (InetAddress ip : InetAddress.getAllByName(address)) {
                if (!ip.isLoopbackAddress() && !isOwn(ip)) {
                    problems.add(where(name) + "\"" + address + "\" (" + ip.getHostAddress() + ") is not an address "
                            + "of any interface of this machine; the server would not start listening there");
                    return;
                }
            }
        } catch (UnknownHostException e) {
            problems.add(where(name) + "\"" + address + "\" does not resolve to an address of this machine");
        }
    }

    /** Binding it shows best whether the address is this box's (the interface list may spell it differently). */
    private static boolean isOwn(InetAddress ip) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(ip, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void port(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a port in TIME_WAIT is free for the server too
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            problems.add(where("port") + port + " is in use by another process (" + e.getMessage()
                    + "); the server would not start on it");
        }
    }

    private void library(String name, String library) throws SQLException {
        Optional<Path> directory = libraryDirectory();
        if (directory.isEmpty()) {
            return; // only superusers may read pg_config; the restart's rollback still covers a missing library
        }
        String file = library.replace("$libdir", directory.get().toString());
        Path base = file.contains("/") ? Path.of(file) : directory.get()
                .resolve(name.equals("local_preload_libraries") ? "plugins" : ".").resolve(file).normalize();
        if (!Files.isRegularFile(base) && !Files.isRegularFile(Path.of(base + ".so"))) {
            problems.add(where(name) + "library \"" + library + "\" is not in " + base.getParent()
                    + "; the server would not start with it");
        }
    }

    private Optional<Path> libraryDirectory() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT setting FROM pg_catalog.pg_config WHERE name = 'PKGLIBDIR'")) {
            return rs.next() ? Optional.of(Path.of(rs.getString(1))) : Optional.empty();
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) { // insufficient_privilege
                return Optional.empty();
            }
            throw e;
        }
    }

    private void readable(String name, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add(where(name) + file + " does not exist or cannot be read; the server would not start with it");
        }
    }

    private Path dataRelative(String path) {
        Path dataDirectory = live.settings().files().dataDirectory();
        return dataDirectory == null ? Path.of(path) : dataDirectory.resolve(path);
    }

    private static String where(String setting) {
        return (setting.equals("listen_addresses") || setting.equals("port") ? "server." : "server.settings.")
                + setting + ": ";
    }
}
