package dev.pgstate.reconcilers.apply;

import dev.pgstate.reconcilers.live.LiveSettings.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    public RestartCommand {
        Objects.requireNonNull(shellCommand, "shellCommand");
    }

    /**
     * The platform's way: for a Debian/Ubuntu cluster its wrapper {@code pg_ctlcluster} (or the systemd unit when the
     * wrapper is missing), otherwise {@code pg_ctl restart} on the data directory with a fast shutdown, waiting as long
     * as a shutdown checkpoint may take (an hour, not pg_ctl's 60 s), its output to the file the server logs to
     * now, so the restarted server keeps writing there.
     *
     * @param serverLog the file the server's stderr goes to, when known
     * @param onPath    whether a program of that name can be run
     */
    public static RestartCommand platformDefault(ConfigFiles files, Optional<Path> serverLog,
                                                 Predicate<String> onPath) {
        Matcher debian = files.configFile() == null ? null : DEBIAN_CLUSTER.matcher(files.configFile().toString());
        if (debian != null && debian.matches()) {
            String version = debian.group(1);
            String cluster = debian.group(2);
            if (onPath.test("pg_ctlcluster")) {
                return new RestartCommand("pg_ctlcluster " + quote(version) + " " + quote(cluster) + " restart");
            }
            if (onPath.test("systemctl")) {
                return new RestartCommand("systemctl restart " + quote("postgresql@" + version + "-" + cluster));
            }
        }
        String dataDirectory = files.dataDirectory() == null ? "\"$PGDATA\"" : quote(files.dataDirectory().toString());
        String log = serverLog.map(file -> " -l " + quote(file.toString())).orElse("");
        return new RestartCommand("pg_ctl restart -D " + dataDirectory + " -m fast -w -t 3600" + log);
    }

    /** True when an executable of that name is in one of the PATH directories. */
    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return java.util.Arrays.stream(path.split(":"))
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
