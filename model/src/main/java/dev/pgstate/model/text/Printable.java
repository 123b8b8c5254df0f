package dev.pgstate.model.text;

/**
 * Makes text from a spec or a server safe to print in a plan, a message or a log line: every control character
 * is written as an escape ({@code \n}, {@code \t}, {@code \u001b}), so a name such as
 * {@code "z\n\nNo changes."} shows as one line and cannot forge the lines around it. Other text, quotes and
 * unicode included, is left as it is; JSON output needs none of this, its encoder escapes on its own.
 */
public final class Printable {

    private Printable() {
    }

    public static String escape(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> escaped.append(Character.isISOControl(c) ? escapeOf((char) c) : String.valueOf((char) c)));
        return escaped.toString();
    }

    /** The index of the first C0 or C1 control character in {@code text}, or -1: what no spec value may hold. */
    public static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
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
