package dev.pgstate.reconcilers.conf;

import java.util.Optional;

/** The mask length after {@code /} as C's strtol reads it (PostgreSQL accepts {@code /+8}); empty when it is not a whole number. */
final class StrtolBits {

    private StrtolBits() {
    }

    static Optional<Long> parse(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            value = Math.min(value * 10 + (text.charAt(i) - '0'), Integer.MAX_VALUE); // clamped: any huge value is out of range anyway
            i++;
        }
        if (text.isEmpty() || i == digitsStart || i != text.length()) {
            return Optional.empty();
        }
        return Optional.of(negative ? -value : value);
    }
}
