package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.ServerSpec.DesiredSetting;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.failure.SqlState;
import dev.pgstate.reconcilers.core.plan.Plan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What can be known, before anything is written and without touching the running server, about whether the server
 * will start with the planned settings: the libraries it is to preload exist in its library directory, a new port is
 * free, the files settings name exist and its OS user can read them, its socket directories exist. Each failure is a
 * problem of the plan naming the spec field, so a server is never restarted into a configuration it cannot start
 * with. Needs the agent on the server's box, as the data directory's owner or root.
 */
final class StartChecks {

    private static final Set<String> PRELOADS = Set.of("shared_preload_libraries", "session_preload_libraries",
            "local_preload_libraries");
    private static final Set<String> FILES = Set.of("hba_file", "ident_file", "ssl_dh_params_file", "ssl_cert_file",
            "ssl_key_file", "ssl_ca_file", "ssl_crl_file");
    private static final String LIBRARY_SUFFIX = ".so";

    private final Spec spec;
    private final LiveSettings live;
    private final Connection connection;
    private final List<String> problems = new ArrayList<>();

    private StartChecks(Spec spec, LiveSettings live, Connection connection) {
        this.spec = spec;
        this.live = live;
        this.connection = connection;
    }

    /** The problems of the plan's setting changes, none when the server should start with them. */
    static List<String> problems(Spec spec, LiveSettings live, Plan plan, Connection connection)
            throws SQLException {
        Path data = live.files().dataDirectory();
        if (data == null || !Files.isDirectory(data)) {
            return List.of(); // not on the server's box, or not allowed to look: the server is the only judge
        }
        StartChecks checks = new StartChecks(spec, live, connection);
        for (AlterSetting change : plan.changes().stream().filter(AlterSetting.class::isInstance)
                .map(AlterSetting.class::cast).toList()) {
            checks.check(change);
        }
        return checks.problems;
    }

    private void check(AlterSetting change) throws SQLException {
        Optional<String> written = spec.server().desired().stream()
                .filter(d -> d.name().equalsIgnoreCase(change.name())).map(DesiredSetting::field).findFirst();
        if (written.isEmpty()) {
            return; // set for the tls section, whose files are checked and installed before any reload
        }
        String field = written.get();
        List<String> items = change.items().isEmpty() ? List.of(change.value()) : change.items();
        if (PRELOADS.contains(change.name())) {
            for (String library : items) {
                missingLibrary(change.name(), library.strip()).ifPresent(why -> problems.add(field + ": " + why));
            }
        } else if (FILES.contains(change.name()) && !change.value().isEmpty()) {
            unreadable(Path.of(change.value()), false).ifPresent(why -> problems.add(field + ": " + why));
        } else if (change.name().equals("ssl_crl_dir") && !change.value().isEmpty()) {
            unreadable(Path.of(change.value()), true).ifPresent(why -> problems.add(field + ": " + why));
        } else if (change.name().equals("unix_socket_directories")) {
            items.stream().map(String::strip).filter(dir -> !dir.isEmpty() && !dir.startsWith("@"))
                    .map(Path::of).filter(dir -> !Files.isDirectory(dataDirectory().resolve(dir)))
                    .forEach(dir -> problems.add(field + ": the directory " + dir + " does not exist"));
        } else if (change.newPort().isPresent()) {
            portTaken(change.newPort().getAsInt()).ifPresent(why -> problems.add(field + ": " + why));
        }
    }

    /**
     * Where the server looks, as its dynamic loader does: a name with a slash is a path ($libdir expanded), any other
     * is looked for in each dynamic_library_path directory, local_preload_libraries' in $libdir/plugins; with and
     * without the platform's suffix.
     */
    private Optional<String> missingLibrary(String setting, String library) throws SQLException {
        if (library.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> libdir = libraryDirectory();
        if (libdir.isEmpty()) {
            return Optional.empty(); // pg_config is for superusers: the server alone can tell
        }
        List<Path> candidates = new ArrayList<>();
        if (library.contains("/")) {
            candidates.add(Path.of(library.replace("$libdir", libdir.get().toString())));
        } else if (setting.equals("local_preload_libraries")) {
            candidates.add(libdir.get().resolve("plugins").resolve(library));
        } else {
            String path = live.parameter("dynamic_library_path")
                    .map(ServerSetting::setting)
                    .orElse("$libdir");
            for (String dir : path.split(":")) {
                candidates.add(Path.of(dir.replace("$libdir", libdir.get().toString())).resolve(library));
            }
        }
        boolean found = candidates.stream().anyMatch(file -> Files.isRegularFile(file)
                || Files.isRegularFile(file.resolveSibling(file.getFileName() + LIBRARY_SUFFIX)));
        return found ? Optional.empty() : Optional.of("the library \"" + library + "\" is not in "
                + (candidates.size() == 1 ? candidates.get(0).getParent() : "any of " + candidates.stream()
                .map(Path::getParent).toList()) + "; the server would not start (install it first)");
    }

    private Optional<Path> libraryDirectory() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT setting FROM pg_catalog.pg_config WHERE name = 'PKGLIBDIR'")) {
            return rs.next() ? Optional.of(Path.of(rs.getString(1))) : Optional.empty();
        } catch (SQLException e) {
            if (SqlState.INSUFFICIENT_PRIVILEGE.is(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * A file (or directory) a setting names, relative to the data directory as the server reads it, must be there
     * and readable by the data directory's owner, the server's OS user.
     */
    private Optional<String> unreadable(Path named, boolean directory) {
        Path file = dataDirectory().resolve(named);
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            if (directory != attributes.isDirectory()) {
                return Optional.of(file + " is not a " + (directory ? "directory" : "regular file"));
            }
            PosixFileAttributes data = Files.readAttributes(dataDirectory(), PosixFileAttributes.class);
            Set<PosixFilePermission> permissions = attributes.permissions();
            boolean readable = attributes.owner().equals(data.owner())
                    ? permissions.contains(PosixFilePermission.OWNER_READ)
                    : permissions.contains(PosixFilePermission.OTHERS_READ)
                    || attributes.group().equals(data.group()) && permissions.contains(PosixFilePermission.GROUP_READ);
            return readable ? Optional.empty() : Optional.of(file + " is not readable by the server's OS user "
                    + data.owner().getName() + " (owner " + attributes.owner().getName() + ", mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(permissions) + ")");
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.of(file + " does not exist");
        } catch (IOException e) {
            return Optional.of("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Bound on every address, as the server with listen_addresses = '*' would: a listener on any one is in the way. */
    private static Optional<String> portTaken(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a connection of the old server in TIME_WAIT does not stop it either
            socket.bind(new InetSocketAddress(port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + port + " is in use by another process (" + e.getMessage()
                    + "); the server would not start");
        }
    }

    private Path dataDirectory() {
        return live.files().dataDirectory();
    }
}
