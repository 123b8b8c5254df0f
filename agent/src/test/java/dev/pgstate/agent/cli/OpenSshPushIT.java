package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgstate.testkit.SshBoxServer;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One push through OpenSSH's own sshd (Debian's openssh-server; .ci/run installs it), started on a loopback port with
 * its own host key and configuration. As root it logs in as a locked system account, as Debian's postgres is: sshd
 * lets a key in for such an account only with {@code UsePAM yes}, which the configuration says. As an ordinary user
 * sshd runs unprivileged and lets in only that same user.
 */
class OpenSshPushIT {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path AGENT_JAR = Path.of(System.getProperty("pgstate.agent.jar", "target/pgstate-agent.jar"));
    private static final String LOCKED_ACCOUNT = "pgstate-ssh";

    @TempDir
    Path dir;

    @Test
    @PgVersion(16)
    void pushesAndAppliesOneBox(PgCluster pg) throws Exception {
        assumeTrue(Files.isExecutable(SSHD), "OpenSSH's sshd is not installed (.ci/run installs openssh-server)");
        boolean root = "root".equals(System.getProperty("user.name"));
        String user = root ? lockedAccount() : System.getProperty("user.name");
        Path box = Files.createDirectories(dir.resolve("box"));
        Path jar = Files.copy(AGENT_JAR, box.resolve("pgstate-agent.jar"));
        Path specDir = Files.createDirectories(box.resolve("etc"));
        if (root) {
            // the box's account reaches its agent and owns the directory its spec goes to
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(box, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            Files.setOwner(specDir, owner);
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        }
        KeyPair hostKey = SshBoxServer.newKeyPair();
        KeyPair login = SshBoxServer.newKeyPair();
        Path hostKeyFile = SshBoxServer.writeIdentity(dir.resolve("ssh_host_key"), hostKey);
        Path identity = SshBoxServer.writeIdentity(dir.resolve("id_test"), login);
        Path authorized = Files.writeString(dir.resolve("authorized_keys"), PublicKeyEntry.toString(login.getPublic())
                + "\n");
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
        int port = freePort();
        Path config = Files.writeString(dir.resolve("sshd_config"), """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                PidFile %s
                AuthorizedKeysFile %s
                AllowUsers %s
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                # a locked account (password "!") gets in with a key only through PAM's account check
                UsePAM %s
                # the test's files are under /tmp, which StrictModes would refuse for authorized_keys
                StrictModes no
                Subsystem sftp internal-sftp
                """.formatted(port, hostKeyFile, dir.resolve("sshd.pid"), authorized, user, root ? "yes" : "no"));
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                SshBoxServer.knownHostsLine(port, hostKey.getPublic()));
        Path inventory = Files.writeString(dir.resolve("inventory.yaml"), """
                boxes:
                  - name: box1
                    host: 127.0.0.1
                    port: %d
                    user: %s
                    identity_file: %s
                    spec_path: %s
                    agent_command: env PGHOST=127.0.0.1 PGPORT=%d PGUSER=%s PGDATABASE=postgres %s -Xmx256m -jar %s
                    vars:
                      app_limit: 3
                """.formatted(port, user, identity, specDir.resolve("spec.yaml"), pg.port(), pg.superuser(),
                Path.of(System.getProperty("java.home"), "bin", "java"), jar));
        Files.setPosixFilePermissions(inventory, PosixFilePermissions.fromString("rw-------"));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                roles:
                  - name: app_${box.name}
                    login: true
                    connection_limit: ${box.app_limit}
                """);

        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        try {
            awaitListening(port, sshd);
            AgentRun run = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", knownHosts.toString());

            assertThat(run.exitCode()).as(run.err() + Files.readString(dir.resolve("sshd.log"))).isZero();
            assertThat(run.out()).contains("\nbox1  changed            1 ")
                    .endsWith("Push: 1 box: 0 converged, 1 changed, 0 pending, 0 failed, 0 unreachable, 0 not started.\n");
            assertThat(pg.psql("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'app_box1'")).isEqualTo("3");
            assertThat(Files.getOwner(specDir.resolve("spec.yaml")).getName()).isEqualTo(user);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(specDir.resolve("spec.yaml"))))
                    .isEqualTo("rw-------");

            Files.writeString(spec, Files.readString(spec).replace("app_limit}", "app_limit} # the box's pool"));
            AgentRun again = agent("push", "--spec", spec.toString(), "--inventory", inventory.toString(),
                    "--known-hosts", knownHosts.toString());

            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("\nbox1  converged ");
            assertThat(Files.readString(specDir.resolve("spec.yaml"))).as("renamed over the old spec by sshd's "
                    + "sftp-server").contains("# the box's pool");
            try (var entries = Files.list(specDir)) {
                assertThat(entries).containsExactly(specDir.resolve("spec.yaml"));
            }
        } finally {
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
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
