package dev.pgstate.reconcilers.core.live;

import dev.pgstate.reconcilers.conf.NumericAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The box's own addresses with their networks, for {@code samehost} and {@code samenet}, read as the server reads
 * them: every address of every interface. Valid because the agent runs on the server's box.
 */
public record HostInterfaces(List<Network> networks) {

    /** One interface address and its prefix length. */
    public record Network(NumericAddress address, int prefixLength) {
        boolean contains(NumericAddress client) {
            return client.isWithin(address, address.cidrMask(Integer.toString(prefixLength)).orElseThrow());
        }
    }

    public HostInterfaces {
        networks = List.copyOf(networks);
    }

    public static HostInterfaces ofThisBox() {
        List<Network> networks = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                    networks.add(new Network(new NumericAddress(address.getAddress().getAddress()),
                            address.getNetworkPrefixLength()));
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list the network interfaces for samehost/samenet: " + e.getMessage(), e);
        }
        return new HostInterfaces(networks);
    }

    public boolean isOwnAddress(NumericAddress client) {
        return networks.stream().anyMatch(n -> n.address().equals(client));
    }

    public boolean isOnOwnNetwork(NumericAddress client) {
        return networks.stream().anyMatch(n -> n.contains(client));
    }
}
