package dev.pgstate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OS user that runs initdb, pg_ctl and postgres: PostgreSQL refuses to run as root, so when the JVM is root
 * (as in CI) commands go through {@code runuser} (or {@code su}) to an unprivileged user; otherwise they run directly.
 *
 * <p>The unprivileged user is {@code -Dpgstate.pg.osuser} if set, else {@code postgres}, else {@code nobody},
 * else a system user {@value #CREATED_USER} created with {@code useradd}.
 */
public final class ServerUser {

    /** System property naming the OS user to run the server as when the JVM is root. */
    public static final String OS_USER_PROPERTY = "pgstate.pg.osuser";
    static final String CREATED_USER = "pgstate-test";

    private static ServerUser current;

    private final String name;
    private final boolean switchUser;
    private final List<String> prefix;

    private ServerUser(String name, boolean switchUser, List<String> prefix) {
        this.name = name;
        this.switchUser = switchUser;
        this.prefix = prefix;
    }

    /** The server user for this JVM, decided once. */
    public static synchronized ServerUser get() {
        if (current == null) {
            current = decide();
        }
        return current;
    }

    /** OS user name the server runs as. */
    public String name() {
        return name;
    }

    /** True when the JVM runs as root and commands are run as {@link #name()} instead. */
    public boolean switchesUser() {
        return switchUser;
    }

    /** The command line that runs {@code command} as this user. */
    public List<String> command(List<String> command) {
        if (!switchUser) {
            return command;
        }
        List<String> full = new ArrayList<>(prefix);
        if (prefix.get(0).endsWith("su")) {
            full.add(command.stream().map(ServerUser::shellQuote).collect(Collectors.joining(" ")));
        } else {
            full.addAll(command);
        }
        return full;
    }

    /** Gives {@code path} (recursively) to this user, so the server can use files the JVM created as root. */
    public void own(Path path) {
        if (!switchUser) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(name);
            GroupPrincipal group = Files.readAttributes(Path.of("/"), java.nio.file.attribute.PosixFileAttributes.class).group();
            group = primaryGroup(lookup, group);
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                    view.setOwner(user);
                    view.setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give " + path + " to OS user " + name, e);
        }
    }

    private GroupPrincipal primaryGroup(UserPrincipalLookupService lookup, GroupPrincipal fallback) {
        try {
            String gid = run(List.of("id", "-gn", name)).trim();
            return lookup.lookupPrincipalByGroupName(gid);
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    /**
     * When the JVM is root, an unprivileged user other than {@link #get()} ({@code nobody}, else
     * {@value #CREATED_USER}, created when missing), to run a server that is not the tests' usual one; empty
     * otherwise, since only root can run a process as someone else.
     */
    public static Optional<ServerUser> another() {
        if (!isRoot()) {
            return Optional.empty();
        }
        String usual = get().name();
        return Optional.of(switchingTo(!"nobody".equals(usual) && exists("nobody") ? "nobody"
                : !CREATED_USER.equals(usual) ? createUser() : "nobody"));
    }

    private static ServerUser decide() {
        if (!isRoot()) {
            return new ServerUser(System.getProperty("user.name"), false, List.of());
        }
        String configured = System.getProperty(OS_USER_PROPERTY);
        return switchingTo(configured != null && !configured.isBlank() ? configured
                : exists("postgres") ? "postgres"
                : exists("nobody") ? "nobody"
                : createUser());
    }

    /** Root running commands as {@code user}, through runuser or else su. */
    private static ServerUser switchingTo(String user) {
        Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (runuser != null) {
            return new ServerUser(user, true, List.of(runuser.toString(), "-u", user, "--"));
        }
        Path su = Stream.of("/bin/su", "/usr/bin/su").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("Running as root, but neither runuser nor su exists to start PostgreSQL as " + user));
        return new ServerUser(user, true, List.of(su.toString(), "-s", "/bin/sh", user, "-c"));
    }

    /** Root check without native code: the owner of /proc/self is the effective user of this process. */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell whether this process runs as root", e);
        }
    }

    private static boolean exists(String user) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String createUser() {
        if (!exists(CREATED_USER)) {
            try {
                run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", CREATED_USER));
            } catch (IOException e) {
                // the other test JVM of the build (failsafe forks two) may have added it a moment before
                if (!exists(CREATED_USER)) {
                    throw new UncheckedIOException("Running as root and no unprivileged user exists; useradd failed", e);
                }
            }
        }
        return CREATED_USER;
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static String shellQuote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return switchUser ? name + " (via " + prefix.get(0) + ")" : name;
    }
}
