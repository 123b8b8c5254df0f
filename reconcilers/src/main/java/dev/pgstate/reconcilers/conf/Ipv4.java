package dev.pgstate.reconcilers.conf;

import java.util.Optional;

/** IPv4 text forms as glibc reads them for numeric hosts ({@code inet_aton}): 1 to 4 parts, each decimal, 0-octal or 0x-hex. */
final class Ipv4 {

    private Ipv4() {
    }

    static Optional<byte[]> parseLikeInetAton(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = part(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        // All parts but the last are one byte; the last fills the remaining bytes ("10.1" is 10.0.0.1).
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
        }
        int lastBytes = 5 - values.length;
        long last = values[values.length - 1];
        if (last >= (1L << (8 * lastBytes))) {
            return Optional.empty();
        }
        long address = last;
        for (int i = 0; i < values.length - 1; i++) {
            address |= values[i] << (8 * (3 - i));
        }
        return Optional.of(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    private static Optional<Long> part(String part) {
        if (part.isEmpty() || !Character.isDigit(part.charAt(0))) {
            return Optional.empty();
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.startsWith("0") && part.length() > 1) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return radix == 16 ? Optional.of(0L) : Optional.empty();
        }
        if (digits.length() > 12) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(digits, radix);
            return value < 0 || value > 0xffffffffL ? Optional.empty() : Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String format(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) + "." + (bytes[offset + 1] & 0xff) + "." + (bytes[offset + 2] & 0xff) + "." + (bytes[offset + 3] & 0xff);
    }

    /** Strict dotted quad as inet_pton reads it inside an IPv6 address: four decimal parts, no leading zeros. */
    static Optional<byte[]> parseDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) Integer.parseInt(p);
        }
        return Optional.of(bytes);
    }
}
