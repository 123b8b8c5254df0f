package dev.pgstate.reconcilers.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** IPv6 text as glibc's inet_pton reads it and inet_ntop prints it (longest zero run of two or more words becomes {@code ::}). */
final class Ipv6 {

    private Ipv6() {
    }

    static Optional<byte[]> parse(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        List<Integer> head;
        List<Integer> tail;
        if (gap >= 0) {
            Optional<List<Integer>> h = words(text.substring(0, gap), false);
            Optional<List<Integer>> t = words(text.substring(gap + 2), true);
            if (h.isEmpty() || t.isEmpty() || h.get().size() + t.get().size() > 7) {
                return Optional.empty();
            }
            head = h.get();
            tail = t.get();
        } else {
            Optional<List<Integer>> all = words(text, true);
            if (all.isEmpty() || all.get().size() != 8) {
                return Optional.empty();
            }
            head = all.get();
            tail = List.of();
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            put(bytes, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            put(bytes, 8 - tail.size() + i, tail.get(i));
        }
        return Optional.of(bytes);
    }

    private static void put(byte[] bytes, int word, int value) {
        bytes[2 * word] = (byte) (value >>> 8);
        bytes[2 * word + 1] = (byte) value;
    }

    /** Colon-separated hex words; the last may be a dotted quad (two words) when {@code dottedTailAllowed}. */
    private static Optional<List<Integer>> words(String text, boolean dottedTailAllowed) {
        List<Integer> words = new ArrayList<>();
        if (text.isEmpty()) {
            return Optional.of(words);
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && dottedTailAllowed && part.contains(".")) {
                Optional<byte[]> quad = Ipv4.parseDottedQuad(part);
                if (quad.isEmpty()) {
                    return Optional.empty();
                }
                byte[] q = quad.get();
                words.add(((q[0] & 0xff) << 8) | (q[1] & 0xff));
                words.add(((q[2] & 0xff) << 8) | (q[3] & 0xff));
            } else if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return Optional.empty();
            } else {
                words.add(Integer.parseInt(part, 16));
            }
        }
        return Optional.of(words);
    }

    static String format(byte[] bytes) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && words[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestBase = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestBase = -1;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
                if (i == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (i != 0) {
                out.append(':');
            }
            boolean embeddedIpv4 = i == 6 && bestBase == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff));
            if (embeddedIpv4) {
                return out.append(Ipv4.format(bytes, 12)).toString();
            }
            out.append(Integer.toHexString(words[i]));
        }
        if (bestBase >= 0 && bestBase + bestLength == 8) {
            out.append(':');
        }
        return out.toString();
    }
}
