package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.ServerSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses listen addresses that no interface of this machine has: the server would either fail to start (no
 * address bound: "could not create any TCP/IP sockets") or, with other addresses, start and never be reachable
 * there. Wildcards, {@code localhost} and loopback addresses (Linux routes all of 127.0.0.0/8 to lo) are always
 * fine; host names are not resolved here.
 */
final class ListenAddresses {

    private static final Set<String> ALWAYS_THERE = Set.of("*", "0.0.0.0", "::", "localhost");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ListenAddresses() {
    }

    static List<String> problems(ServerSpec spec, List<String> localAddresses) {
        if (spec.listenAddresses() == null || localAddresses.isEmpty()) {
            return List.of();
        }
        return spec.listenAddresses().stream()
                .filter(address -> !ALWAYS_THERE.contains(address) && IP_LITERAL.matcher(address).matches())
                .filter(address -> parse(address).filter(ip -> !ip.isLoopbackAddress()
                        && localAddresses.stream().map(ListenAddresses::parse).noneMatch(Optional.of(ip)::equals))
                        .isPresent())
                .map(address -> "server." + ServerSpec.LISTEN_ADDRESSES + ": \"" + address + "\" is not an address of "
                        + "any interface of this machine; the server would not start, or not listen there")
                .toList();
    }

    /** Only called with text shaped like an IP literal, which InetAddress parses without a name lookup. */
    private static Optional<InetAddress> parse(String literal) {
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty(); // e.g. 999.1.1.1: the server will say what it thinks of it
        }
    }
}
