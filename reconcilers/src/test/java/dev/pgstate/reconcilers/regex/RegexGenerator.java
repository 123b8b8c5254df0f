package dev.pgstate.reconcilers.regex;

import java.util.List;
import java.util.Random;

/**
 * Seeded random ARE patterns and names for the differential test: every construct of the flavour (classes,
 * escapes, anchors, word boundaries, quantifiers, alternation, brackets with ranges, classes, collating elements
 * and equivalence classes, groups, back references, lookaround, director prefixes and embedded options), and about
 * one pattern in eight damaged on purpose so the server's errors are compared too. Names use a small alphabet
 * (with newline, tab, non-ASCII and a character outside the BMP) so that patterns match often enough.
 */
final class RegexGenerator {

    private static final String NAME_CHARS = "aaabbbAABB_01- .\n\t\u00e9\u00c9\u0085\uD835\uDD38";
    private static final List<String> LITERALS = List.of("a", "b", "c", "A", "B", "_", "-", " ", "1", "0", "\u00e9",
            "\\.", "\\*", "\\(", "\\\\", "\\-", "\\]", "\\[", "}", "]", "\\{", "#", "/", "\\ ");
    private static final List<String> ESCAPES = List.of("\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "\\x41", "\\x61",
            "\\u0061", "\\U00000062", "\\101", "\\141", "\\0", "\\012", "\\n", "\\t", "\\e", "\\B", "\\cA", "\\a",
            "\\b", "\\v", "\\f", "\\r", "\\x0e9", "\\xE9", "\\u00c9", "\\U0001D538", "\\x85", "\\400", "\\18",
            "\\x7ffffffe", "\\x0000000000061", "\\012a");
    /** Pieces the server rejects (or that turn what follows into an error). */
    private static final List<String> INVALID = List.of("\\q", "\\k", "\\x", "\\u12", "\\U7fffffff", "\\89",
            "[[:foo:]]", "[[.xx.]]", "[[..]]", "[[==]]", "[c-a]", "[\\m]", "[\\1]", "[a", "(", ")", "a{2,1}",
            "a{256}", "a{1", "a**", "^*", "(?=a)+", "\\m?", "(?i)", "(?<a)", "(?", "[[:alpha:]-z]", "[a-c-e]",
            "\\9", "(a)\\2", "(a\\1)", "(?=(a)\\1)", "\\");
    private static final List<String> CONSTRAINTS = List.of("^", "$", "\\A", "\\Z", "\\m", "\\M", "\\y", "\\Y",
            "[[:<:]]", "[[:>:]]");
    private static final List<String> CLASSES = List.of("alpha", "digit", "alnum", "upper", "lower", "space", "punct",
            "xdigit", "word", "blank", "cntrl", "graph", "print", "ascii");
    private static final List<String> PREFIXES = List.of("(?i)", "(?n)", "(?x)", "(?p)", "(?w)", "(?s)", "(?c)",
            "***=", "***:", "(?q)", "(?ix)", "(?in)", "(?m)", "(?iq)", "(?t)", "(?z)", "(?i", "***?", "***x", "(?b)",
            "(?e)", "***:(?i)");
    private static final List<String> QUANTIFIERS = List.of("*", "+", "?", "*?", "+?", "??", "{2}", "{1,}", "{0,2}",
            "{1,2}?", "{0}", "{,2}", "{ 1 }", "{1,3}", "{0,0}", "{3}?");
    private static final String DAMAGE = "()[]{}|*+?\\^$-.:=";

    private final Random random;

    RegexGenerator(long seed) {
        this.random = new Random(seed);
    }

    String pattern() {
        StringBuilder pattern = new StringBuilder();
        if (chance(0.2)) {
            pattern.append(pick(PREFIXES));
        }
        pattern.append(alternation(2));
        if (chance(0.05)) {
            int at = random.nextInt(pattern.length() + 1);
            if (chance(0.5) && at < pattern.length()) {
                pattern.deleteCharAt(at);
            } else {
                pattern.insert(at, DAMAGE.charAt(random.nextInt(DAMAGE.length())));
            }
        }
        return pattern.toString();
    }

    /** A name of up to 8 characters, mostly taken from the pattern's own text so that it matches often. */
    String name(String pattern) {
        int length = random.nextInt(9);
        StringBuilder name = new StringBuilder();
        int[] own = pattern.codePoints().filter(c -> Character.isLetterOrDigit(c) || " _-\n".indexOf(c) >= 0)
                .toArray();
        int[] chars = NAME_CHARS.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            boolean fromPattern = own.length > 0 && chance(0.6);
            name.appendCodePoint(fromPattern ? own[random.nextInt(own.length)] : chars[random.nextInt(chars.length)]);
        }
        return name.toString();
    }

    private String alternation(int depth) {
        StringBuilder re = new StringBuilder(branch(depth));
        while (chance(0.2)) {
            re.append('|').append(branch(depth));
        }
        return re.toString();
    }

    private String branch(int depth) {
        StringBuilder re = new StringBuilder();
        int pieces = random.nextInt(3) + (chance(0.05) ? 0 : 1);
        for (int i = 0; i < pieces; i++) {
            re.append(piece(depth));
        }
        return re.toString();
    }

    private String piece(int depth) {
        int kind = random.nextInt(100);
        if (kind < 10) {
            return pick(CONSTRAINTS);
        }
        String atom = atom(depth, kind);
        return chance(0.3) ? atom + pick(QUANTIFIERS) : atom;
    }

    private String atom(int depth, int kind) {
        if (chance(0.02)) {
            return pick(INVALID);
        }
        if (kind < 35) {
            return pick(LITERALS);
        }
        if (kind < 50) {
            return pick(ESCAPES);
        }
        if (kind < 57) {
            return ".";
        }
        if (kind < 75) {
            return bracket();
        }
        if (depth > 0 && kind < 88) {
            String open = chance(0.7) ? "(" : "(?:";
            return open + alternation(depth - 1) + ")";
        }
        if (depth > 0 && kind < 93) {
            return pick(List.of("(?=", "(?!", "(?<=", "(?<!")) + alternation(depth - 1) + ")";
        }
        if (kind < 97) {
            return "\\" + (1 + random.nextInt(3));
        }
        return "(?#note)";
    }

    private String bracket() {
        StringBuilder re = new StringBuilder("[");
        if (chance(0.3)) {
            re.append('^');
        }
        if (chance(0.1)) {
            re.append(chance(0.5) ? "]" : "-");
        }
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            re.append(switch (random.nextInt(9)) {
                case 0 -> "[:" + pick(CLASSES) + ":]";
                case 1 -> "[." + pick(List.of("a", "-", "hyphen", "space", "]", "newline", "NUL")) + ".]";
                case 2 -> "[=" + pick(List.of("a", "B", "period", "\u00e9")) + "=]";
                case 3 -> pick(List.of("\\d", "\\W", "\\s", "\\]", "\\\\", "\\x41", "\\n", "\\D", "\\12"));
                case 4, 5 -> pick(List.of("a-c", "A-Z", "0-9", " -/", "Z-a", "a-\u00e9", "--/", "a-[.z.]", "\\x41-\\x43"));
                default -> pick(List.of("a", "b", "A", "_", ".", "*", "\u00e9", "\n", "[", "$", "^"));
            });
        }
        if (chance(0.1)) {
            re.append('-');
        }
        return re.append(']').toString();
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
