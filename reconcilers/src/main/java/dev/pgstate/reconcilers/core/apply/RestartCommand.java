package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the server is restarted: a command line run through {@code /bin/sh -c}, so the spec's
 * {@code restart_command} reads as a person would type it.
 */
public record RestartCommand(String shellCommand) {

    /** Debian and Ubuntu keep a cluster's config in /etc/postgresql/VERSION/CLUSTER/. */
    private static final Pattern DEBIAN_CLUSTER = Pattern.compile("/etc/postgresql/([^/]+)/([^/]+)/postgresql\\.conf");

    /**
     * How long pg_ctl waits for the server to stop, then again to start: a shutdown checkpoint after much work (many
     * databases just created) takes minutes, and giving up while it runs would leave the server stopped.
     */
    static final java.time.Duration PG_CTL_WAIT = java.time.Duration.ofHours(1);

    public RestartCommand {
        Objects.requireNonNull(shellCommand, "shellCommand");
    }

    /**
     * The platform's way: for a Debian/Ubuntu cluster its wrapper {@code pg_ctlcluster} (or the systemd unit when the
     * wrapper is missing), otherwise the server's own {@code pg_ctl restart} on the data directory with a fast
     * shutdown, writing to the log the server writes to now and waiting as long as a shutdown checkpoint may take.
     *
     * @param onPath whether a program of that name can be run
     */
    public static RestartCommand platformDefault(ConfigFiles files, Predicate<String> onPath, ServerProcess server) {
        return platform(files, onPath, server, "restart");
    }

    /** The platform's way to start the server when it is down, as {@link #platformDefault} restarts it. */
    public static RestartCommand platformStart(ConfigFiles files, Predicate<String> onPath, ServerProcess server) {
        return platform(files, onPath, server, "start");
    }

    private static RestartCommand platform(ConfigFiles files, Predicate<String> onPath, ServerProcess server,
                                           String action) {
        Matcher debian = files.configFile() == null ? null : DEBIAN_CLUSTER.matcher(files.configFile().toString());
        if (debian != null && debian.matches()) {
            String version = debian.group(1);
            String cluster = debian.group(2);
            if (onPath.test("pg_ctlcluster")) {
                return new RestartCommand("pg_ctlcluster " + quote(version) + " " + quote(cluster) + " " + action);
            }
            if (onPath.test("systemctl")) {
                return new RestartCommand("systemctl " + action + " " + quote("postgresql@" + version + "-" + cluster));
            }
        }
        String dataDirectory = files.dataDirectory() == null ? "\"$PGDATA\"" : quote(files.dataDirectory().toString());
        String pgCtl = server.binDirectory().map(bin -> quote(bin.resolve("pg_ctl").toString())).orElse("pg_ctl");
        // without -l the new postmaster's output would go to a temporary file and the cluster's log would stop
        String log = server.logFile().map(file -> " -l " + quote(file.toString())).orElse("");
        String mode = action.equals("restart") ? " -m fast" : "";
        return new RestartCommand(asOwner(files) + pgCtl + " " + action + " -D " + dataDirectory + mode
                + " -w -t " + PG_CTL_WAIT.toSeconds() + log);
    }

    /** pg_ctl refuses to run as root: an agent running as root runs it as the data directory's owner. */
    private static String asOwner(ConfigFiles files) {
        if (files.dataDirectory() == null || !"root".equals(System.getProperty("user.name"))) {
            return "";
        }
        try {
            String owner = java.nio.file.Files.getOwner(files.dataDirectory()).getName();
            return owner.equals("root") ? "" : "runuser -u " + quote(owner) + " -- ";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * This command, followed, when it fails, by {@code fallback} and a failure: run by the shell, the fallback
     * happens even if the agent that started the command is killed meanwhile.
     */
    RestartCommand orElse(String fallback) {
        return new RestartCommand("( " + shellCommand + " ) || { " + fallback + "; exit 1; }");
    }

    /**
     * Whether an executable of that name is in one of the directories of {@code env}'s PATH ({@code /usr/bin:/bin}
     * when it has none): the engine's environment, not the process's, so a test can give one.
     */
    public static Predicate<String> onPath(Map<String, String> env) {
        List<String> path = List.of(env.getOrDefault("PATH", "/usr/bin:/bin").split(":"));
        return program -> path.stream()
                .anyMatch(dir -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program)));
    }

    List<String> argv() {
        return List.of("/bin/sh", "-c", shellCommand);
    }

    /** A single-quoted shell word. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./@%+=:,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
