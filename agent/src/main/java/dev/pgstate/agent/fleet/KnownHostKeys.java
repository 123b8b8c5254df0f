package dev.pgstate.agent.fleet;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;

/**
 * The known_hosts file every session of a push checks host keys against. JSch's own check is strict (an unknown or
 * changed key fails the connection); with accept-new, like OpenSSH's {@code StrictHostKeyChecking=accept-new}, a
 * host not in the file at all is added to it, while a changed key still fails.
 */
final class KnownHostKeys implements HostKeyRepository {

    private final HostKeyRepository known;
    private final Path file;
    private final boolean acceptNew;

    private KnownHostKeys(HostKeyRepository known, Path file, boolean acceptNew) {
        this.known = known;
        this.file = file;
        this.acceptNew = acceptNew;
    }

    /** @throws BoxFailure when the file cannot be read (a missing one is empty, as for OpenSSH) */
    static KnownHostKeys of(Path file, boolean acceptNew) throws BoxFailure {
        JSch jsch = new JSch();
        try {
            if (Files.exists(file)) {
                jsch.setKnownHosts(file.toString());
            } else {
                    jsch.setKnownHosts(new ByteArrayInputStream(new byte[0]));
            }
        } catch (JSchException e) {
            throw BoxFailure.failed("cannot read known hosts file " + file + ": " + e.getMessage());
        }
        return new KnownHostKeys(jsch.getHostKeyRepository(), file, acceptNew);
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized int check(String host, byte[] key) {
        int result = known.check(host, key);
        if (result == NOT_INCLUDED && acceptNew) {
            try {
                HostKey accepted = new HostKey(host, key);
                append(accepted);
                known.add(accepted, null);
            } catch (JSchException | IOException e) {
                return NOT_INCLUDED; // fails the connection as an unknown key, rather than trusting a key not kept
            }
            return OK;
        }
        return result;
    }

    /** One line in OpenSSH's format, the file created readable by its owner only. */
    private void append(HostKey key) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, key.getHost() + " " + key.getType() + " " + key.getKey() + "\n", StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void add(HostKey hostkey, UserInfo ui) {
        known.add(hostkey, ui);
    }

    @Override
    public synchronized void remove(String host, String type) {
        known.remove(host, type);
    }

    @Override
    public synchronized void remove(String host, String type, byte[] key) {
        known.remove(host, type, key);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return known.getKnownHostsRepositoryID();
    }

    @Override
    public synchronized HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public synchronized HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
