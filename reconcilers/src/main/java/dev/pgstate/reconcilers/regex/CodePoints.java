package dev.pgstate.reconcilers.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of Unicode code points as sorted, disjoint, non-adjacent closed intervals. Values beyond U+10FFFF (which
 * PostgreSQL's escapes can name) are dropped: no role or database name can contain them.
 */
final class CodePoints {

    static final int MAX = 0x10FFFF;
    static final CodePoints NONE = new CodePoints(new int[0]);
    static final CodePoints ALL = new CodePoints(new int[] {0, MAX});

    /** lo0, hi0, lo1, hi1, ... */
    private final int[] bounds;

    private CodePoints(int[] bounds) {
        this.bounds = bounds;
    }

    static CodePoints of(long c) {
        return range(c, c);
    }

    static CodePoints range(long lo, long hi) {
        if (lo > MAX || hi < lo) {
            return NONE;
        }
        return new CodePoints(new int[] {(int) lo, (int) Math.min(hi, MAX)});
    }

    boolean isEmpty() {
        return bounds.length == 0;
    }

    boolean contains(int c) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (c >= bounds[i] && c <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    CodePoints union(CodePoints other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        int[] all = Arrays.copyOf(bounds, bounds.length + other.bounds.length);
        System.arraycopy(other.bounds, 0, all, bounds.length, other.bounds.length);
        int pairs = all.length / 2;
        long[] packed = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            packed[i] = ((long) all[2 * i] << 32) | all[2 * i + 1];
        }
        Arrays.sort(packed);
        List<Integer> merged = new ArrayList<>();
        int lo = (int) (packed[0] >>> 32);
        int hi = (int) packed[0];
        for (int i = 1; i < pairs; i++) {
            int nextLo = (int) (packed[i] >>> 32);
            int nextHi = (int) packed[i];
            if ((long) nextLo <= (long) hi + 1) {
                hi = Math.max(hi, nextHi);
            } else {
                merged.add(lo);
                merged.add(hi);
                lo = nextLo;
                hi = nextHi;
            }
        }
        merged.add(lo);
        merged.add(hi);
        return new CodePoints(merged.stream().mapToInt(Integer::intValue).toArray());
    }

    CodePoints complement() {
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            if (bounds[i] > next) {
                out.add(next);
                out.add(bounds[i] - 1);
            }
            next = bounds[i + 1] + 1;
        }
        if (next <= MAX) {
            out.add(next);
            out.add(MAX);
        }
        return new CodePoints(out.stream().mapToInt(Integer::intValue).toArray());
    }

    CodePoints minus(CodePoints other) {
        return complement().union(other).complement();
    }

    /** The set as a java.util.regex atom: a character class, or a pattern that never matches when empty. */
    String toJava() {
        if (isEmpty()) {
            return "(?!)";
        }
        if (bounds.length == 2 && bounds[0] == bounds[1]) {
            return literal(bounds[0]);
        }
        StringBuilder java = new StringBuilder("[");
        for (int i = 0; i < bounds.length; i += 2) {
            java.append(literal(bounds[i]));
            if (bounds[i + 1] != bounds[i]) {
                java.append('-').append(literal(bounds[i + 1]));
            }
        }
        return java.append(']').toString();
    }

    private static String literal(int c) {
        return "\\x{" + Integer.toHexString(c) + "}";
    }
}
