package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.live.ConfigFiles;
import java.util.List;
import java.util.Objects;
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
     * @param host which programs can be run, and whether the engine runs as root
     */
    public static RestartCommand platformDefault(ConfigFiles files, Host host, ServerProcess server) {
        return platform(files, host, server, "restart");
    }

    /** The platform's way to start the server when it is down, as {@link #platformDefault} restarts it. */
    public static RestartCommand platformStart(ConfigFiles files, Host host, ServerProcess server) {
        return platform(files, host, server, "start");
    }

    private static RestartCommand platform(ConfigFiles files, Host host, ServerProcess server, String action) {
        Matcher debian = files.configFile() == null ? null : DEBIAN_CLUSTER.matcher(files.configFile().toString());
        if (debian != null && debian.matches()) {
            String version = debian.group(1);
            String cluster = debian.group(2);
            if (host.onPath().test("pg_ctlcluster")) {
                return new RestartCommand("pg_ctlcluster " + quote(version) + " " + quote(cluster) + " " + action);
            }
            if (host.onPath().test("systemctl")) {
                return new RestartCommand("systemctl " + action + " " + quote("postgresql@" + version + "-" + cluster));
            }
        }
        String dataDirectory = files.dataDirectory() == null ? "\"$PGDATA\"" : quote(files.dataDirectory().toString());
        String pgCtl = server.binDirectory().map(bin -> quote(bin.resolve("pg_ctl").toString())).orElse("pg_ctl");
        // without -l the new postmaster's output would go to a temporary file and the cluster's log would stop
        String log = server.logFile().map(file -> " -l " + quote(file.toString())).orElse("");
        String mode = action.equals("restart") ? " -m fast" : "";
        return new RestartCommand(asOwner(files, host) + pgCtl + " " + action + " -D " + dataDirectory + mode
                + " -w -t " + PG_CTL_WAIT.toSeconds() + log);
    }

    /** pg_ctl refuses to run as root: an agent running as root runs it as the data directory's owner. */
    private static String asOwner(ConfigFiles files, Host host) {
        if (files.dataDirectory() == null || !host.isRoot()) {
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

    List<String> argv() {
        return List.of("/bin/sh", "-c", shellCommand);
    }

    /** A single-quoted shell word. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./@%+=:,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
