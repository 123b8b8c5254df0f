package dev.pgstate.agent.systemd;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) without libsystemd: each message is one datagram to the Unix socket named by
 * {@code $NOTIFY_SOCKET}, a path or, starting with {@code @}, a name in the abstract namespace. A message that
 * cannot be sent is logged and dropped: systemd being away must not stop reconciliation.
 */
public final class SystemdNotifier implements AutoCloseable {

    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final AFUNIXSocketAddress target;
    private final AFUNIXDatagramSocket socket;

    private SystemdNotifier(AFUNIXSocketAddress target, AFUNIXDatagramSocket socket) {
        this.target = target;
        this.socket = socket;
    }

    /** A notifier when {@code $NOTIFY_SOCKET} is set (systemd started us as Type=notify), else empty. */
    public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> env) throws IOException {
        String name = env.get(NOTIFY_SOCKET);
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotifier(address(name), AFUNIXDatagramSocket.newInstance()));
    }

    private static AFUNIXSocketAddress address(String name) throws SocketException {
        return name.startsWith("@")
                ? AFUNIXSocketAddress.inAbstractNamespace(name.substring(1))
                : AFUNIXSocketAddress.of(Path.of(name));
    }

    /** Sends {@code state}, e.g. {@code READY=1} or {@code STATUS=…} (one line; newlines would start a new key). */
    public synchronized void notify(String state) {
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        try {
            // connected on first use, not at start: a notification must never keep the daemon from starting
            if (!socket.isConnected()) {
                socket.connect(target);
            }
            socket.send(new DatagramPacket(bytes, bytes.length));
        } catch (IOException e) {
            LOG.warn("event=sd_notify_failed socket={} error=\"{}\"", target, e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        socket.close();
    }
}
