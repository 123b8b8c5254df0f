package dev.pgstate.agent.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} to listen on, e.g. {@code 127.0.0.1:9187} or {@code [::1]:9187}; port 0 picks a free one. */
final class ListenAddressConverter implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new TypeConversionException("'" + value + "' is not HOST:PORT, e.g. 127.0.0.1:9187");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' has no port number after the last ':'");
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException("port " + port + " is not between 0 and 65535");
        }
        return new InetSocketAddress(host, port);
    }
}
