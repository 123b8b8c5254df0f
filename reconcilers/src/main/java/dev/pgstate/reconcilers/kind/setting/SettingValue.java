package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.kind.setting.ServerSetting;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a parameter value the way the server would and reduces it to one canonical form per meaning, so that
 * {@code 128MB}, {@code 131072kB} and {@code 16384} (8kB blocks) compare equal, as do {@code on}, {@code TRUE}
 * and {@code yes}: integers and reals in the parameter's base unit, booleans as {@code on}/{@code off}, enums as
 * the server spells them, lists split and trimmed. The same reading checks the value against the parameter's type,
 * allowed values and range, as taken from the server's own {@code pg_settings}.
 */
public final class SettingValue {

    /** Lists whose order means nothing: the server listens on each address regardless. */
    private static final Set<String> UNORDERED_LISTS = Set.of("listen_addresses");
    /** Lists whose order matters (search order, load order) but whose spacing does not. */
    private static final Set<String> ORDERED_LISTS = Set.of("search_path", "shared_preload_libraries",
            "session_preload_libraries", "local_preload_libraries", "unix_socket_directories", "log_destination", "log_connections",
            "temp_tablespaces");
    /**
     * Lists the server quotes item by item (GUC_LIST_QUOTE): ALTER SYSTEM takes one literal per item and stores
     * {@code "/a", "/b"}; unix_socket_directories from 14 only (11–13 take it as one string).
     */
    private static final Set<String> QUOTED_LISTS = Set.of("search_path", "temp_tablespaces",
            "shared_preload_libraries", "session_preload_libraries", "local_preload_libraries");
    /** Lists split like SQL names: an unquoted item is lower-cased, a quoted one kept as it is. */
    private static final Set<String> IDENTIFIER_LISTS = Set.of("search_path", "temp_tablespaces");
    /** Booleans until 17; from 18 lists of aspects that still take the boolean spellings ({@code on} = the old meaning). */
    private static final Set<String> FORMERLY_BOOLEAN = Set.of("log_connections");
    /** Shown by the server in octal, and read with C's strtol rules (a leading 0 is octal). */
    private static final Set<String> OCTAL = Set.of("unix_socket_permissions", "log_file_mode", "data_directory_mode");

    private static final Pattern NUMBER = Pattern.compile(
            "([+-]?(?:0[xX][0-9a-fA-F]+|\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?))\\s*([A-Za-z]*)");
    private static final List<String> TRUE = List.of("on", "true", "yes", "1");
    private static final List<String> FALSE = List.of("off", "false", "no", "0");

    /**
     * Files the server opens relative to its data directory (its working directory) when the path is relative:
     * {@code server.crt} there is the tls section's {@code /var/lib/postgresql/16/main/server.crt}.
     */
    private static final Set<String> DATA_DIRECTORY_PATHS = Set.of("ssl_cert_file", "ssl_key_file", "ssl_ca_file",
            "ssl_crl_file", "ssl_crl_dir", "ssl_dh_params_file");

    private final ServerSetting parameter;
    private final int major;
    private final Map<String, String> serverForms;
    private final Path dataDirectory;

    /** {@code serverForms}: texts as the server itself stored them when asked (see LiveSettings#serverForms). */
    public SettingValue(ServerSetting parameter, int major, Map<String, String> serverForms) {
        this(parameter, major, serverForms, null);
    }

    private SettingValue(ServerSetting parameter, int major, Map<String, String> serverForms, Path dataDirectory) {
        this.parameter = parameter;
        this.major = major;
        this.serverForms = Map.copyOf(serverForms);
        this.dataDirectory = dataDirectory;
    }

    /** The same reading, relative file paths taken in {@code dataDirectory} as the server takes them; null: unknown. */
    public SettingValue inDataDirectory(Path dataDirectory) {
        return new SettingValue(parameter, major, serverForms, dataDirectory);
    }

    /** A reading with no texts of the server's to compare with: for values read from files, not from the server. */
    static SettingValue withoutServerForms(ServerSetting parameter, int major) {
        return new SettingValue(parameter, major, Map.of());
    }

    static boolean isList(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return UNORDERED_LISTS.contains(lower) || ORDERED_LISTS.contains(lower);
    }

    /**
     * The canonical form of {@code written}: a Long, a Double or a String.
     *
     * @throws IllegalArgumentException saying what the parameter accepts, when the server would reject it
     */
    public Object canonical(String text) {
        String written = serverForms.getOrDefault(text, text);
        return switch (parameter.vartype()) {
            case "bool" -> bool(written);
            case "enum" -> enumValue(written);
            case "integer" -> inRange(integer(written));
            case "real" -> inRange(real(written));
            default -> string(written);
        };
    }

    /** Whether {@code text} (a config line, a stored role setting) means {@code wanted}; false when it is invalid. */
    public boolean readsAs(String text, Object wanted) {
        try {
            return same(canonical(text), wanted);
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /** The server's current value in canonical form; pg_settings reports it in the base unit. */
    Object current() {
        return parameter.setting() == null ? "" : canonical(parameter.setting());
    }

    /** Whether two canonical values mean the same; reals as the server prints them may lose the last digits. */
    static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
        }
        return a.equals(b);
    }

    /** A canonical value as SHOW would show it: {@code 64MB}, {@code 30s}, {@code 0700}, {@code on}. */
    public String display(Object canonical) {
        if (canonical instanceof Long value) {
            if (OCTAL.contains(parameter.name())) {
                return String.format("%04o", value);
            }
            return SettingUnit.base(parameter.unit()).filter(unit -> value > 0)
                    .map(unit -> largestExact(value * unit.factor(), unit)).orElse(value.toString());
        }
        if (canonical instanceof Double value) {
            BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
            // plain digits, except for limits such as 1.79769E+308 that would print hundreds of zeros
            String number = exact.scale() < -6 ? exact.toString() : exact.toPlainString();
            return SettingUnit.base(parameter.unit()).map(unit -> number + unit.symbol()).orElse(number);
        }
        return canonical.toString();
    }

    private static String largestExact(long amount, SettingUnit base) {
        for (SettingUnit unit : SettingUnit.UNITS) {
            if (unit.family() == base.family() && amount % unit.factor() == 0) {
                return amount / unit.factor() + unit.symbol();
            }
        }
        return amount + "B";
    }

    private String bool(String written) {
        String value = written.strip().toLowerCase(Locale.ROOT);
        // the server takes unique prefixes too: "tru", "of"; "o" alone is ambiguous
        if (TRUE.contains(value) || isPrefixOf(value, "true", "yes")) {
            return "on";
        }
        if (FALSE.contains(value) || isPrefixOf(value, "false", "no") || value.equals("of")) {
            return "off";
        }
        throw new IllegalArgumentException("expected a boolean (on, off, true, false, yes, no, 1, 0), found \""
                + written + "\"");
    }

    private boolean readsAsBool(String written) {
        try {
            bool(written);
            return true;
        } catch (IllegalArgumentException notBoolean) {
            return false;
        }
    }

    private static boolean isPrefixOf(String value, String... words) {
        return !value.isEmpty() && Arrays.stream(words).anyMatch(word -> word.startsWith(value));
    }

    private String enumValue(String written) {
        return parameter.enumvals().stream().filter(v -> v.equalsIgnoreCase(written.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of "
                        + String.join(", ", parameter.enumvals()) + ", found \"" + written + "\""));
    }

    private long integer(String written) {
        Matcher m = number(written);
        String digits = m.group(1);
        boolean whole = !digits.contains(".") && !digits.matches("(?i)[+-]?\\d+e.*");
        if (!whole && major < 12) {
            throw new IllegalArgumentException("PostgreSQL " + major + " takes whole numbers only, found \""
                    + written + "\"");
        }
        double value = whole ? wholeNumber(digits) : Double.parseDouble(digits);
        double result = m.group(2).isEmpty() ? Math.rint(value) : inBaseUnit(value, m.group(2), whole, written);
        if (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE) {
            throw outOfRange(written);
        }
        return (long) result;
    }

    private double real(String written) {
        Matcher m = number(written);
        double value = Double.parseDouble(m.group(1));
        return m.group(2).isEmpty() ? value : inBaseUnit(value, m.group(2), false, written);
    }

    private Matcher number(String written) {
        Matcher m = NUMBER.matcher(written.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected " + (parameter.unit() == null ? "a number"
                    : "a number, optionally with a unit (" + unitFamily().accepted(major >= 12) + ")")
                    + ", found \"" + written + "\"");
        }
        return m;
    }

    /** C's strtol with base 0, as the server reads integers: 0x… is hex, a leading 0 octal. */
    private static double wholeNumber(String digits) {
        boolean negative = digits.startsWith("-");
        String unsigned = digits.replaceFirst("^[+-]", "");
        long magnitude = unsigned.matches("0[xX].*") ? Long.parseLong(unsigned.substring(2), 16)
                : unsigned.length() > 1 && unsigned.startsWith("0") ? Long.parseLong(unsigned, 8)
                : Long.parseLong(unsigned);
        return negative ? -magnitude : magnitude;
    }

    /**
     * From 12 the server rounds to the nearest base unit ({@code 1500us} is 2ms); 11 truncates when the written unit
     * is smaller than the base unit ({@code 70600B} is 68kB).
     */
    private double inBaseUnit(double value, String symbol, boolean whole, String written) {
        SettingUnit base = unitFamily();
        SettingUnit unit = SettingUnit.named(symbol).filter(u -> u.family() == base.family())
                .filter(u -> major >= 12 || !u.symbol().equals("us"))
                .orElseThrow(() -> new IllegalArgumentException("valid units for this parameter are "
                        + base.accepted(major >= 12) + ", found \"" + written + "\""));
        if (major < 12 && whole) {
            long amount = (long) value;
            return unit.factor() >= base.factor() ? (double) amount * (unit.factor() / base.factor())
                    : amount / (base.factor() / unit.factor());
        }
        double result = value * unit.factor() / base.factor();
        return parameter.vartype().equals("integer") ? Math.rint(result) : result;
    }

    private SettingUnit unitFamily() {
        return SettingUnit.base(parameter.unit()).orElseThrow(() -> new IllegalArgumentException(
                "this parameter takes a plain number, without a unit"));
    }

    private <N extends Number & Comparable<N>> N inRange(N value) {
        if (parameter.minVal() == null || parameter.maxVal() == null) {
            return value;
        }
        double min = Double.parseDouble(parameter.minVal());
        double max = Double.parseDouble(parameter.maxVal());
        if (value.doubleValue() < min || value.doubleValue() > max) {
            throw new IllegalArgumentException(display(value) + " is out of range: expected " + bound(min, value)
                    + " to " + bound(max, value));
        }
        return value;
    }

    private String bound(double limit, Number like) {
        return like instanceof Long ? display((long) limit) : display(limit);
    }

    private IllegalArgumentException outOfRange(String written) {
        return new IllegalArgumentException(written.strip() + " is out of range: expected " + display(
                Long.parseLong(parameter.minVal())) + " to " + display(Long.parseLong(parameter.maxVal())));
    }

    /**
     * DateStyle as the server keeps it: an output style and a field order, keywords in any case. Either may be left
     * out, and then stays as it is (German alone brings DMY with it): {@code ISO} on a server showing
     * {@code ISO, MDY} is {@code ISO, MDY}.
     */
    private String dateStyle(String written) {
        String[] given = dateStyleParts(written);
        String[] now = parameter.setting() == null ? new String[2] : dateStyleParts(parameter.setting());
        String[] boot = parameter.bootVal() == null ? new String[2] : dateStyleParts(parameter.bootVal());
        String style = firstOf(given[0], now[0], boot[0], "ISO");
        String order = firstOf(given[1], "German".equals(given[0]) ? "DMY" : null, now[1], boot[1], "MDY");
        return style + ", " + order;
    }

    /** {style, order} as the server spells them, each null when not given. */
    private static String[] dateStyleParts(String text) {
        String[] parts = new String[2];
        for (String word : items(text.toUpperCase(Locale.ROOT).replaceAll("\\s+", ","))) {
            int part;
            String meaning;
            switch (word) {
                case "ISO", "SQL" -> { part = 0; meaning = word; }
                case "POSTGRES", "GERMAN" -> { part = 0; meaning = word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT); }
                case "YMD", "DMY", "MDY" -> { part = 1; meaning = word; }
                case "EURO", "EUROPEAN" -> { part = 1; meaning = "DMY"; }
                case "US", "NONEURO", "NONEUROPEAN" -> { part = 1; meaning = "MDY"; }
                default -> throw new IllegalArgumentException("DateStyle: \"" + word + "\" is neither an output style "
                        + "(ISO, SQL, Postgres, German) nor a field order (YMD, DMY, MDY)");
            }
            if (parts[part] != null && !parts[part].equals(meaning)) {
                throw new IllegalArgumentException("DateStyle: conflicting " + (part == 0 ? "styles" : "orders") + " "
                        + parts[part] + " and " + meaning);
            }
            parts[part] = meaning;
        }
        return parts;
    }

    private static String firstOf(String... candidates) {
        return Arrays.stream(candidates).filter(Objects::nonNull).findFirst().orElseThrow();
    }

    /**
     * A socket directory as the server opens it: {@code /run/pg/}, {@code /run//pg} and {@code /run/./pg} are one,
     * {@code ./s} is {@code s} (relative ones are in the data directory); {@code ..} is kept, since through a symbolic
     * link it leads elsewhere than its text says; an abstract name ({@code @name}) is kept as it is.
     */
    private static String directory(String item) {
        if (item.isEmpty() || item.startsWith("@")) {
            return item;
        }
        String joined = String.join("/", Arrays.stream(item.split("/"))
                .filter(part -> !part.isEmpty() && !part.equals(".")).toList());
        return item.startsWith("/") ? "/" + joined : joined.isEmpty() ? "." : joined;
    }

    private String string(String written) {
        String lower = parameter.name().toLowerCase(Locale.ROOT);
        if (FORMERLY_BOOLEAN.contains(lower) && readsAsBool(written)) {
            return bool(written);
        }
        if (lower.equals("datestyle")) {
            // the agent never sets it in its own session to ask the server (pgjdbc needs ISO there)
            return dateStyle(written);
        }
        if (DATA_DIRECTORY_PATHS.contains(lower) && dataDirectory != null && !written.isEmpty()) {
            // not normalized: through a symbolic link ".." leads elsewhere than its text says
            return dataDirectory.resolve(written).toString();
        }
        if (lower.equals("unix_socket_directories")) {
            return String.join(", ", unquotedItems(written, false).stream().map(SettingValue::directory).toList());
        }
        if (UNORDERED_LISTS.contains(lower)) {
            // host names ignore case; '*' and addresses have none
            return String.join(",", new TreeSet<>(items(written.toLowerCase(Locale.ROOT))));
        }
        return ORDERED_LISTS.contains(lower) ? String.join(", ", unquotedItems(written, IDENTIFIER_LISTS.contains(lower)))
                : written;
    }

    /** Whether ALTER SYSTEM on {@code major} takes this list one literal per item, quoting each one itself. */
    public static boolean quotesItems(String name, int major) {
        String lower = name.toLowerCase(Locale.ROOT);
        return QUOTED_LISTS.contains(lower) || lower.equals("unix_socket_directories") && major >= 14;
    }

    /**
     * The items as the server reads them: {@code "a""b"} is {@code a"b}; an unquoted item of a list of names is
     * lower-cased ({@code Public} is {@code public}), that of a list of paths or libraries is kept.
     */
    static List<String> unquotedItems(String written, boolean names) {
        return items(written).stream().map(item -> item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")
                ? item.substring(1, item.length() - 1).replace("\"\"", "\"")
                : names ? item.toLowerCase(Locale.ROOT) : item).toList();
    }

    /** The items of a list parameter as the server reads them, for checks of each one; empty for other parameters. */
    public static List<String> listItems(String name, String written) {
        String lower = name.toLowerCase(Locale.ROOT);
        return isList(lower) ? unquotedItems(written, IDENTIFIER_LISTS.contains(lower)) : List.of();
    }

    /** A list value split on commas outside double quotes, each item trimmed, empty items dropped. */
    static List<String> items(String written) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean quoted = false;
        for (char c : written.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                items.add(item.toString().strip());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString().strip());
        items.removeIf(String::isEmpty);
        return items;
    }
}
