package dev.pgstate.model.text;

/**
 * Makes text from a spec or a server safe to print in a plan, a message or a log line: every control character
 * (and U+2028, U+2029) is written as an escape ({@code \n}, {@code \t}, {@code \u001b}), so a name such as
 * {@code "z\n\nNo changes."} shows as one line and cannot forge the lines around it. Other text, quotes and
 * unicode included, is left as it is; JSON output needs none of this, its encoder escapes on its own.
 */
public final class Printable {

    private Printable() {
    }

    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(Printable::breaksTheLine)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> escaped.append(breaksTheLine(c) ? escapeOf((char) c) : String.valueOf((char) c)));
        return escaped.toString();
    }

    /**
     * The index of the first C0 or C1 control character, LINE SEPARATOR or PARAGRAPH SEPARATOR in {@code text}, or
     * -1: what no spec value may hold.
     */
    public static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (breaksTheLine(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A control character, or U+2028 / U+2029, which editors, browsers and YAML show as a line break although they
     * are not controls: a name holding one could forge the lines around it like a newline.
     */
    private static boolean breaksTheLine(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    private static String escapeOf(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format("\\u%04x", (int) c);
        };
    }
}
