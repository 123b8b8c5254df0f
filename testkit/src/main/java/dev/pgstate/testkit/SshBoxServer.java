package dev.pgstate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A box's SSH server in the test's JVM (Apache MINA SSHD) on a loopback port: its own host key, public-key login
 * for one key, SFTP on the real file system, and commands run by {@code /bin/sh -c} as the test's own OS user with
 * the box's environment (the PG* settings that point its agent at its cluster), as sshd runs them. {@link Faults}
 * make it behave as a box in trouble does.
 */
public final class SshBoxServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;

    private SshBoxServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    /**
     * What the box does wrong.
     *
     * @param diskBytesFree        what SFTP uploads may write in all before the disk is full: a write beyond it
     *                             fails with "No space left on device", the writes before it stay on disk
     * @param connectionsToDrop    the first connections are closed as soon as they are accepted, before the SSH
     *                             handshake, as a box's sshd does when it is restarting or overloaded
     */
    public record Faults(long diskBytesFree, int connectionsToDrop) {
        public static final Faults NONE = new Faults(Long.MAX_VALUE, 0);

        public static Faults diskFullAfter(long bytes) {
            return new Faults(bytes, 0);
        }

        public static Faults dropFirstConnections(int count) {
            return new Faults(Long.MAX_VALUE, count);
        }
    }

    /** Starts a server that lets in {@code authorized} only and runs commands with {@code env} added. */
    public static SshBoxServer start(PublicKey authorized, Map<String, String> env) {
        return start(authorized, env, Faults.NONE);
    }

    /** A server as {@link #start(PublicKey, Map)}, with {@code faults}. */
    public static SshBoxServer start(PublicKey authorized, Map<String, String> env, Faults faults) {
        KeyPair hostKey = newKeyPair();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
        server.setCommandFactory((channel, command) -> new ShellCommand(command, env));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        if (faults.diskBytesFree() != Long.MAX_VALUE) {
            sftp.addSftpEventListener(new DiskOfLimitedSize(faults.diskBytesFree()));
        }
        server.setSubsystemFactories(List.of(sftp));
        if (faults.connectionsToDrop() > 0) {
            server.addSessionListener(new ConnectionDropper(faults.connectionsToDrop()));
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SshBoxServer(server, hostKey);
    }

    /** A new EC key pair (nistp256), for host keys and the test's own login key. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key} in OpenSSH's private key format at {@code file}, mode 0600, as ssh-keygen writes an identity. */
    public static Path writeIdentity(Path file, KeyPair key) {
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** This server's line for a known_hosts file. */
    public String knownHostsLine() {
        return knownHostsLine(port(), hostKey.getPublic());
    }

    /** A known_hosts line for {@code key} at 127.0.0.1:{@code port}, in OpenSSH's format. */
    public static String knownHostsLine(int port, PublicKey key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n";
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** SFTP on the real file system, with room for only so many bytes more: a write that does not fit fails. */
    private static final class DiskOfLimitedSize implements SftpEventListener {
        private final AtomicLong free;

        DiskOfLimitedSize(long free) {
            this.free = new AtomicLong(free);
        }

        @Override
        public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                byte[] data, int dataOffset, int dataLen) throws IOException {
            if (free.addAndGet(-dataLen) < 0) {
                throw new IOException("No space left on device");
            }
        }
    }

    /** Closes the first connections the moment they are accepted. */
    private static final class ConnectionDropper implements SessionListener {
        private final AtomicInteger toDrop;

        ConnectionDropper(int count) {
            this.toDrop = new AtomicInteger(count);
        }

        @Override
        public void sessionCreated(Session session) {
            if (toDrop.getAndDecrement() > 0) {
                session.close(true);
            }
        }
    }

    /** One command: {@code /bin/sh -c COMMAND}, its streams copied to the channel, its exit status returned. */
    private static final class ShellCommand implements Command {
        private final String command;
        private final Map<String, String> env;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        ShellCommand(String command, Map<String, String> env) {
            this.command = command;
            this.env = env;
        }

        @Override
        public void setInputStream(InputStream in) {
            // the agent reads nothing from stdin
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment environment) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            builder.environment().putAll(env);
            process = builder.start();
            process.getOutputStream().close();
            Thread thread = new Thread(this::pump, "ssh-command");
            thread.setDaemon(true);
            thread.start();
        }

        private void pump() {
            try {
                Thread errors = new Thread(() -> copy(process.getErrorStream(), err));
                errors.start();
                copy(process.getInputStream(), out);
                errors.join();
                exit.onExit(process.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.onExit(255);
            }
        }

        private static void copy(InputStream from, OutputStream to) {
            try (from) {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // the channel closed: the client is gone, nothing left to tell it
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
