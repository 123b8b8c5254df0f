package dev.pgstate.reconcilers.core.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import javax.net.SocketFactory;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * pgjdbc's socket factory for a Unix socket that first makes sure who is listening (libpq's requirepeer): it
 * connects, asks the kernel which OS user runs the process at the other end (SO_PEERCRED, through junixsocket), and
 * hands pgjdbc the socket only when that is an accepted user. pgjdbc connects only a socket that is not connected
 * yet, so a server run by anyone else receives nothing, not even the startup packet with the user's name.
 */
public final class PeerCheckedSocketFactory extends SocketFactory {

    private static final String SEPARATOR = "\n";

    private final List<String> acceptedUsers;
    private final Path socket;

    /** @param argument what {@link #argument(List, Path)} made of the accepted users and the socket */
    public PeerCheckedSocketFactory(String argument) {
        int end = argument.indexOf(SEPARATOR);
        this.acceptedUsers = List.of(argument.substring(0, end).split(","));
        this.socket = Path.of(argument.substring(end + SEPARATOR.length()));
    }

    /** pgjdbc hands a factory one string: the accepted OS user names, then the socket's path. */
    static String argument(List<String> acceptedUsers, Path socket) {
        return String.join(",", acceptedUsers) + SEPARATOR + socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        AFUNIXSocket connected = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket));
        try {
            requireAccepted(connected.getPeerCredentials().getUid());
            return connected;
        } catch (IOException | RuntimeException e) {
            connected.close();
            throw e;
        }
    }

    private void requireAccepted(long peerUid) throws IOException {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        // a number looks up as that user id, so the principals compare by id
        UserPrincipal peer = users.lookupPrincipalByName(Long.toString(peerUid));
        for (String name : acceptedUsers) {
            try {
                if (users.lookupPrincipalByName(name).equals(peer)) {
                    return;
                }
            } catch (UserPrincipalNotFoundException unknown) {
                // not a user on this machine, so not the peer either
            }
        }
        throw new UntrustedPeerException("the server's process runs as OS user id " + peerUid + ", not as "
                + String.join(" or ", acceptedUsers) + " (requirepeer); nothing was sent to it");
    }

    // pgjdbc asks for an unconnected socket only; the address forms connect to the one socket all the same
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket();
    }

    /** The server behind the socket is not run by an accepted user; the message says by whom and whom we wanted. */
    static final class UntrustedPeerException extends IOException {

        private static final long serialVersionUID = 1L;

        UntrustedPeerException(String message) {
            super(message);
        }
    }
}
