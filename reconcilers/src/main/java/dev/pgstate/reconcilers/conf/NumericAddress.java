package dev.pgstate.reconcilers.conf;

import java.util.Optional;

/**
 * A numeric IPv4 or IPv6 address as the C library's {@code getaddrinfo(AI_NUMERICHOST)} reads it and
 * {@code getnameinfo(NI_NUMERICHOST)} prints it, which is what PostgreSQL uses for the ADDRESS column. Java's
 * {@code InetAddress} is not used: it would resolve names, and it reads and prints some forms differently
 * ({@code 10.1} is 10.0.0.1 to glibc; {@code ::ffff:1.2.3.4} keeps its dotted tail).
 */
public record NumericAddress(byte[] bytes) {

    public NumericAddress {
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isIpv6() {
        return bytes.length == 16;
    }

    /** Empty when {@code text} is not a numeric address: PostgreSQL then takes it for a host name. */
    public static Optional<NumericAddress> parse(String text) {
        int zone = text.indexOf('%');
        if (zone >= 0) {
            // A zone only exists on IPv6; PostgreSQL drops it when it prints the address.
            return Ipv6.parse(text.substring(0, zone)).map(NumericAddress::new);
        }
        Optional<byte[]> v4 = Ipv4.parseLikeInetAton(text);
        return v4.or(() -> Ipv6.parse(text)).map(NumericAddress::new);
    }

    /** The mask of {@code bits} leading ones in this address's family; empty when out of range (PostgreSQL: "invalid CIDR mask"). */
    public Optional<NumericAddress> cidrMask(String bits) {
        Optional<Long> count = StrtolBits.parse(bits);
        int max = bytes.length * 8;
        if (count.isEmpty() || count.get() < 0 || count.get() > max) {
            return Optional.empty();
        }
        byte[] mask = new byte[bytes.length];
        for (int bit = 0; bit < count.get(); bit++) {
            mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return Optional.of(new NumericAddress(mask));
    }

    /** True when this address is inside {@code network}/{@code mask}; addresses of another family never are. */
    public boolean isWithin(NumericAddress network, NumericAddress mask) {
        if (network.bytes.length != bytes.length || mask.bytes.length != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (((network.bytes[i] ^ bytes[i]) & mask.bytes[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** As glibc's inet_ntop prints it: {@code 10.0.0.0}, {@code fe80::1}, {@code ::ffff:1.2.3.4}. */
    @Override
    public String toString() {
        return isIpv6() ? Ipv6.format(bytes) : Ipv4.format(bytes, 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NumericAddress that && java.util.Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }
}
