package dev.pgstate.model.validate;

import dev.pgstate.model.spec.Spec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A database encoding must be one of PostgreSQL's server encodings, by its canonical name as
 * {@code pg_encoding_to_char} reports it, compared case-insensitively. Aliases the server would
 * accept ({@code UTF-8}, {@code unicode}, {@code ISO-8859-1}) are refused with the canonical name
 * suggested, so the spec always reads the same as the live state and never shows a false difference.
 */
final class EncodingRule implements SpecRule {

    static final List<String> SERVER_ENCODINGS = List.of(
            "SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "MULE_INTERNAL",
            "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9", "LATIN10",
            "WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252",
            "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8",
            "WIN1250", "WIN1253", "WIN1254", "WIN1255", "WIN1257", "KOI8U");

    @Override
    public void check(Spec spec, Problems problems) {
        for (int i = 0; i < spec.databases().size(); i++) {
            String encoding = spec.databases().get(i).encoding();
            if (encoding != null && SERVER_ENCODINGS.stream().noneMatch(encoding::equalsIgnoreCase)) {
                problems.add(Problems.database(i, "encoding"), message(encoding));
            }
        }
    }

    private static String message(String encoding) {
        String unknown = "unknown server encoding \"" + encoding + "\"";
        return canonicalFor(encoding)
                .map(name -> unknown + "; did you mean \"" + name + "\"? (the spec uses PostgreSQL's canonical names)")
                .orElseGet(() -> unknown + "; expected one of " + String.join(", ", SERVER_ENCODINGS));
    }

    /** PostgreSQL ignores punctuation and case when it looks an encoding up; so does this suggestion. */
    private static Optional<String> canonicalFor(String encoding) {
        String bare = bare(encoding);
        return SERVER_ENCODINGS.stream()
                .filter(name -> bare(name).equals(bare) || bare.equals("UNICODE") && name.equals("UTF8"))
                .findFirst();
    }

    private static String bare(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    }
}
