package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.agent.daemon.ReportFile;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import dev.pgstate.testkit.SshBoxServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes through OpenSSH's own sshd (Debian's openssh-server; .ci/run installs it), started on a loopback port with
 * its own host key and configuration. As root it logs in as a locked system account, as Debian's postgres is: sshd
 * lets a key in for such an account only with {@code UsePAM yes}, which the configuration says. As an ordinary user
 * sshd runs unprivileged and lets in only that same user.
 */
class OpenSshPushIT {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SUDO = Path.of("/usr/bin/sudo");
    private static final String LOCKED_ACCOUNT = "pgstate-ssh";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path dir;

    @Test
    @PgVersion(16)
    void pushesAndAppliesOneBox(PgCluster pg) throws Exception {
        assumeTrue(Files.isExecutable(SSHD), "OpenSSH's sshd is not installed (.ci/run installs openssh-server)");
        String user = ROOT ? lockedAccount() : System.getProperty("user.name");
        Path jar = agentJarFor();
        Path specDir = Files.createDirectories(dir.resolve("box").resolve("etc"));
        if (ROOT) {
            // the box's account owns the directory its spec goes to
            Files.setOwner(specDir, principal(user));
        }
        try (Sshd sshd = Sshd.start(dir, List.of(user))) {
            Path inventory = inventory("""
                      - name: box1
                        user: %s
                        spec_path: %s
                        agent_command: %s
                        vars:
                          app_limit: 3
                    """.formatted(user, specDir.resolve("spec.yaml"), agentCommand(pg, jar)), sshd);
            Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                    roles:
                      - name: app_${box.name}
                        login: true
                        connection_limit: ${box.app_limit}
                    """);

            AgentRun run = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", sshd.knownHosts().toString());

            assertThat(run.exitCode()).as(run.err() + sshd.log()).isZero();
            assertThat(run.out()).contains("\nbox1  changed            1 ").endsWith(
                    "Push: 1 box: 0 converged, 1 changed, 0 pending, 0 failed, 0 unreachable, 0 not started.\n");
            assertThat(pg.psql("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'app_box1'")).isEqualTo("3");
            assertSpecOf(specDir, user);

            Files.writeString(spec, Files.readString(spec).replace("app_limit}", "app_limit} # the box's pool"));
            AgentRun again = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", sshd.knownHosts().toString());

            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("\nbox1  converged ");
            assertThat(Files.readString(specDir.resolve("spec.yaml"))).as("renamed over the old spec")
                    .contains("# the box's pool");
            assertSpecOf(specDir, user);
        }
    }

    /**
     * Logged in as one account, the agent runs as another, the cluster's OS user, which alone may write the spec's
     * directory: with sudo -n under a NOPASSWD rule, and, logged in as root, with runuser. A become that sudo refuses
     * fails that box at once with sudo's own words, not a password prompt that hangs.
     */
    @Test
    @PgVersion(16)
    void becomesTheAgentsUserWithSudoOrRunuser(PgCluster pg) throws Exception {
        assumeUsersCanBeSwitched();
        String login = lockedAccount();
        String agentUser = pg.serverUser().name();
        Path jar = agentJarFor();
        Path sudoDir = agentsOwnDirectory("sudo", agentUser);
        Path runuserDir = agentsOwnDirectory("runuser", agentUser);
        Path refusedDir = agentsOwnDirectory("refused", agentUser);
        Path rule = sudoRule(login, agentUser);
        try (Sshd sshd = Sshd.start(dir, List.of(login, "root"))) {
            Path inventory = inventory("""
                      - name: sudo1
                        user: %1$s
                        spec_path: %2$s
                      - name: runuser1
                        user: root
                        spec_path: %3$s
                        become: {method: runuser}
                      - name: refused1
                        user: %1$s
                        spec_path: %4$s
                        become: {user: root}
                    """.formatted(login, sudoDir.resolve("spec.yaml"), runuserDir.resolve("spec.yaml"),
                    refusedDir.resolve("spec.yaml")), sshd).toAbsolutePath();
            Files.writeString(inventory, Files.readString(inventory).replace("boxes:\n", """
                    defaults:
                      become: {method: sudo, user: %s}
                      agent_command: %s
                    boxes:
                    """.formatted(agentUser, agentCommand(pg, jar))));
            Path spec = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: app_${box.name}\n");

            AgentRun run = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", sshd.knownHosts().toString());

            assertThat(run.exitCode()).as(run.out() + run.err() + sshd.log()).isEqualTo(1);
            assertThat(run.out()).contains("\nsudo1     changed ", "\nrunuser1  changed ",
                    "\nrefused1  failed ", "cannot become the agent's user (sudo as root, exit 1): sudo: a password is "
                            + "required (sudo -n never asks for a password: the login user needs a NOPASSWD rule for "
                            + "commands as root)");
            assertThat(pg.psql("SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE "
                    + "'app_%'")).isEqualTo("app_runuser1,app_sudo1");
            assertSpecOf(sudoDir, agentUser);
            assertSpecOf(runuserDir, agentUser);
            try (var entries = Files.list(refusedDir)) {
                assertThat(entries).isEmpty();
            }
        } finally {
            Files.delete(rule);
        }
    }

    /**
     * Through a become the spec goes to {@code cat} run as the agent's user, not through SFTP: a disk that fills up
     * during that write (a real one: a small tmpfs for the box's spec directory) fails that box with cat's own words
     * and the file it was writing, removes the part written, and leaves the box's old spec in place, whole, and the
     * box's agent not run; the other box is pushed to as usual.
     */
    @Test
    @PgVersion(16)
    void aFullDiskOnTheUploadThroughSudoFailsThatBoxAndKeepsItsOldSpec(PgCluster pg) throws Exception {
        assumeUsersCanBeSwitched();
        String login = lockedAccount();
        String agentUser = pg.serverUser().name();
        Path jar = agentJarFor();
        Path goodDir = agentsOwnDirectory("good", agentUser);
        Path fullDir = agentsOwnDirectory("full", agentUser);
        assumeTrue(mounted(fullDir), "mounting a tmpfs is not allowed here (a container without CAP_SYS_ADMIN)");
        Path rule = null;
        try (Sshd sshd = Sshd.start(dir, List.of(login))) {
            Files.setOwner(fullDir, principal(agentUser));
            Files.setPosixFilePermissions(fullDir, PosixFilePermissions.fromString("rwx------"));
            rule = sudoRule(login, agentUser);
            String old = "roles:\n  - name: app_full1\n    login: false\n";
            Path oldSpec = Files.writeString(fullDir.resolve("spec.yaml"), old);
            Files.setOwner(oldSpec, principal(agentUser));
            Files.setPosixFilePermissions(oldSpec, PosixFilePermissions.fromString("rw-------"));
            Path inventory = inventory("""
                      - name: good1
                        user: %1$s
                        spec_path: %2$s
                      - name: full1
                        user: %1$s
                        spec_path: %3$s
                    """.formatted(login, goodDir.resolve("spec.yaml"), fullDir.resolve("spec.yaml")), sshd);
            Files.writeString(inventory, Files.readString(inventory).replace("boxes:\n", """
                    defaults:
                      become: {method: sudo, user: %s}
                      agent_command: %s
                    boxes:
                    """.formatted(agentUser, agentCommand(pg, jar))));
            // larger than the box's disk, which has room for the old spec and a little more
            Path spec = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: app_${box.name}\n"
                    + "# the fleet's application role, one per box\n".repeat(3000));

            AgentRun run = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", sshd.knownHosts().toString(), "--format", "json");

            assertThat(run.exitCode()).as(run.out() + run.err() + sshd.log()).isEqualTo(1);
            JsonNode boxes = new ObjectMapper().readTree(run.out()).path("boxes");
            assertThat(boxes.get(0).path("name").asText()).isEqualTo("good1");
            assertThat(boxes.get(0).path("status").asText()).isEqualTo("changed");
            assertThat(boxes.get(1).path("name").asText()).isEqualTo("full1");
            assertThat(boxes.get(1).path("status").asText()).isEqualTo("failed");
            assertThat(boxes.get(1).path("error").asText()).isEqualTo("upload of " + fullDir.resolve("spec.yaml")
                    + " failed (sudo as " + agentUser + ", exit 1): cat: write error: No space left on device");
            assertThat(boxes.get(1).path("plan").isNull()).as("the box's agent did not run").isTrue();
            assertThat(Files.readString(oldSpec)).as("the old spec, whole").isEqualTo(old);
            assertSpecOf(fullDir, agentUser);
            assertSpecOf(goodDir, agentUser);
            assertThat(pg.psql("SELECT string_agg(rolname, ',') FROM pg_roles WHERE rolname LIKE 'app_%'"))
                    .isEqualTo("app_good1");
        } finally {
            if (rule != null) {
                Files.delete(rule);
            }
            unmount(fullDir);
        }
    }

    /** A tmpfs of 64 KiB on {@code directory}; false when this machine does not allow it. */
    private static boolean mounted(Path directory) throws IOException, InterruptedException {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "pgstate-full-disk",
                directory.toString()).redirectErrorStream(true).start();
        return mount.waitFor() == 0;
    }

    private static void unmount(Path directory) throws IOException, InterruptedException {
        Process umount = new ProcessBuilder("umount", directory.toString()).inheritIO().start();
        assertThat(umount.waitFor()).as("umount " + directory).isZero();
    }

    private static void assumeUsersCanBeSwitched() {
        assumeTrue(ROOT, "switching users takes root to set up (a sudo rule, accounts)");
        assumeTrue(Files.isExecutable(SSHD), "OpenSSH's sshd is not installed (.ci/run installs openssh-server)");
        assumeTrue(Files.isExecutable(SUDO), "sudo is not installed (.ci/run installs it)");
    }

    /**
     * With --via-daemon the box's daemon_reload_command goes through the become too: the daemon runs as the agent's
     * user, which alone may signal it, so a reload run as the login user would fail ("Operation not permitted").
     */
    @Test
    @PgVersion(16)
    void viaDaemonReloadsTheDaemonAsTheAgentsUser(PgCluster pg) throws Exception {
        assumeUsersCanBeSwitched();
        String login = lockedAccount();
        String agentUser = pg.serverUser().name();
        Path jar = agentJarFor();
        Path boxDir = agentsOwnDirectory("daemon", agentUser);
        Path boxSpec = Files.writeString(boxDir.resolve("spec.yaml"), "roles:\n  - name: app_before\n");
        Files.setOwner(boxSpec, principal(agentUser));
        Files.setPosixFilePermissions(boxSpec, PosixFilePermissions.fromString("rw-------"));
        Path state = boxDir.resolve("state");
        // setpriv executes the daemon itself as the agent's user (runuser would stay its parent, as root)
        List<String> daemonCommand = new ArrayList<>(List.of("setpriv", "--reuid=" + agentUser,
                "--regid=" + agentUser, "--init-groups"));
        daemonCommand.addAll(agentArgv(pg, jar));
        daemonCommand.addAll(List.of("run", "--spec", boxSpec.toString(), "--state-directory", state.toString(),
                "--interval", "1h", "--no-metrics"));
        Process daemon = new ProcessBuilder(daemonCommand).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.log").toFile()).start();
        Path rule = sudoRule(login, agentUser);
        try (Sshd sshd = Sshd.start(dir, List.of(login))) {
            ViaDaemonPushIT.awaitFirstCycle(daemon, state.resolve(ReportFile.NAME));
            Path inventory = inventory("""
                      - name: daemon1
                        user: %s
                        spec_path: %s
                        agent_command: %s
                        state_directory: %s
                        daemon_reload_command: kill -HUP %d
                        become: {method: sudo, user: %s}
                    """.formatted(login, boxSpec, agentCommand(pg, jar), state, daemon.pid(), agentUser), sshd);
            Path spec = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - name: app_${box.name}\n");

            AgentRun run = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", sshd.knownHosts().toString(), "--via-daemon", "--timeout", "2m");

            assertThat(run.exitCode()).as(run.out() + run.err() + Files.readString(dir.resolve("daemon.log")))
                    .isZero();
            assertThat(run.out()).contains("\ndaemon1  changed ");
            assertThat(pg.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'app_daemon1'")).isEqualTo("1");
        } finally {
            daemon.destroyForcibly();
            Files.delete(rule);
        }
    }

    /** A spec directory only {@code owner} may enter or change, as the agent's /etc/pgstate is. */
    private Path agentsOwnDirectory(String name, String owner) throws IOException {
        Path specDir = Files.createDirectories(dir.resolve(name));
        Files.setOwner(specDir, principal(owner));
        Files.setPosixFilePermissions(specDir, PosixFilePermissions.fromString("rwx------"));
        return specDir;
    }

    /** The spec alone in its directory (nothing staged left), the agent user's, mode 0600. */
    private static void assertSpecOf(Path specDir, String owner) throws IOException {
        Path spec = specDir.resolve("spec.yaml");
        assertThat(Files.getOwner(spec).getName()).isEqualTo(owner);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spec))).isEqualTo("rw-------");
        try (var entries = Files.list(specDir)) {
            assertThat(entries).containsExactly(spec);
        }
    }

    /** The agent jar where every account of the box may run it. */
    private Path agentJarFor() throws IOException {
        Path box = Files.createDirectories(dir.resolve("box"));
        Path jar = Files.copy(FleetPushIT.AGENT_JAR, box.resolve("pgstate-agent.jar"));
        if (ROOT) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(box, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return jar;
    }

    private static String agentCommand(PgCluster pg, Path jar) {
        return String.join(" ", agentArgv(pg, jar));
    }

    /** The box's agent pointed at {@code pg}, as words. */
    private static List<String> agentArgv(PgCluster pg, Path jar) {
        return List.of("env", "PGHOST=127.0.0.1", "PGPORT=" + pg.port(), "PGUSER=" + pg.superuser(),
                "PGDATABASE=postgres", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString());
    }

    /**
     * Lets {@code login} run anything as {@code agentUser} without a password; one name per test JVM, so two builds
     * on one machine do not remove each other's rule. The caller deletes it.
     */
    private static Path sudoRule(String login, String agentUser) throws IOException {
        Path rule = Path.of("/etc/sudoers.d/pgstate-openssh-push-it-" + ProcessHandle.current().pid());
        Files.writeString(rule, login + " ALL=(" + agentUser + ") NOPASSWD: ALL\n");
        Files.setPosixFilePermissions(rule, PosixFilePermissions.fromString("r--r-----"));
        return rule;
    }

    /** An inventory of {@code boxes} (YAML list items) on {@code sshd}, each logging in with its key. */
    private Path inventory(String boxes, Sshd sshd) throws IOException {
        String withLogin = boxes.replace("    user: ", "    host: 127.0.0.1\n    port: " + sshd.port()
                + "\n    identity_file: " + sshd.identity() + "\n    user: ");
        Path inventory = Files.writeString(dir.resolve("inventory.yaml"), "boxes:\n" + withLogin);
        Files.setPosixFilePermissions(inventory, PosixFilePermissions.fromString("rw-------"));
        return inventory;
    }

    private UserPrincipal principal(String user) throws IOException {
        return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
    }

    /** Like Debian's postgres: a system account with a shell and a locked password, created once when missing. */
    private static String lockedAccount() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", LOCKED_ACCOUNT).start();
        if (id.waitFor() != 0) {
            Process add = new ProcessBuilder("useradd", "--system", "--shell", "/bin/sh", "--no-create-home",
                    LOCKED_ACCOUNT).inheritIO().start();
            assertThat(add.waitFor()).as("useradd " + LOCKED_ACCOUNT).isZero();
        }
        return LOCKED_ACCOUNT;
    }

    /** OpenSSH's sshd on a free loopback port, letting {@code users} in with the test's key. */
    private record Sshd(Process process, int port, Path identity, Path knownHosts, Path logFile)
            implements AutoCloseable {

        static Sshd start(Path dir, List<String> users) throws IOException, InterruptedException {
            if (ROOT) {
                Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
            }
            KeyPair hostKey = SshBoxServer.newKeyPair();
            KeyPair login = SshBoxServer.newKeyPair();
            Path hostKeyFile = SshBoxServer.writeIdentity(dir.resolve("ssh_host_key"), hostKey);
            Path identity = SshBoxServer.writeIdentity(dir.resolve("id_test"), login);
            Path authorized = Files.writeString(dir.resolve("authorized_keys"),
                    PublicKeyEntry.toString(login.getPublic()) + "\n");
            Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
            int port = freePort();
            Path config = Files.writeString(dir.resolve("sshd_config"), """
                    Port %d
                    ListenAddress 127.0.0.1
                    HostKey %s
                    PidFile %s
                    AuthorizedKeysFile %s
                    AllowUsers %s
                    PermitRootLogin prohibit-password
                    PubkeyAuthentication yes
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    # a locked account (password "!") gets in with a key only through PAM's account check
                    UsePAM %s
                    # the test's files are under /tmp, which StrictModes would refuse for authorized_keys
                    StrictModes no
                    Subsystem sftp internal-sftp
                    """.formatted(port, hostKeyFile, dir.resolve("sshd.pid"), authorized, String.join(" ", users),
                    ROOT ? "yes" : "no"));
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                    SshBoxServer.knownHostsLine(port, hostKey.getPublic()));
            Path log = dir.resolve("sshd.log");
            Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Sshd started = new Sshd(sshd, port, identity, knownHosts, log);
            try {
                awaitListening(port, sshd);
            } catch (AssertionError | InterruptedException e) {
                started.close();
                throw e;
            }
            return started;
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private static void awaitListening(int port, Process sshd) throws InterruptedException {
            for (int attempt = 0; attempt < 100; attempt++) {
                assertThat(sshd.isAlive()).as("sshd is running").isTrue();
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            throw new AssertionError("sshd did not listen on port " + port + " within 10 s");
        }
    }
}
