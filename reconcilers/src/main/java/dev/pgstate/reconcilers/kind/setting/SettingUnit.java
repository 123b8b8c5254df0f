package dev.pgstate.reconcilers.kind.setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The units PostgreSQL accepts for memory and time parameters (case-sensitive, memory 1024-based), and the base
 * unit a parameter reports in {@code pg_settings.unit}, which may carry a factor: {@code 8kB} is one block.
 * Everything is counted in bytes or microseconds so that any two units compare exactly.
 */
record SettingUnit(String symbol, long factor, Family family) {

    /** Memory counts bytes, time counts microseconds. */
    enum Family { MEMORY, TIME }

    /** Largest first: a value is shown in the largest unit that divides it, as SHOW does. */
    static final List<SettingUnit> UNITS = List.of(
            new SettingUnit("TB", 1L << 40, Family.MEMORY),
            new SettingUnit("GB", 1L << 30, Family.MEMORY),
            new SettingUnit("MB", 1L << 20, Family.MEMORY),
            new SettingUnit("kB", 1L << 10, Family.MEMORY),
            new SettingUnit("B", 1L, Family.MEMORY),
            new SettingUnit("d", 86_400_000_000L, Family.TIME),
            new SettingUnit("h", 3_600_000_000L, Family.TIME),
            new SettingUnit("min", 60_000_000L, Family.TIME),
            new SettingUnit("s", 1_000_000L, Family.TIME),
            new SettingUnit("ms", 1_000L, Family.TIME),
            new SettingUnit("us", 1L, Family.TIME));

    private static final Pattern BASE = Pattern.compile("(\\d*)([A-Za-z]+)");

    static Optional<SettingUnit> named(String symbol) {
        return UNITS.stream().filter(u -> u.symbol.equals(symbol)).findFirst();
    }

    /** The base unit of a {@code pg_settings.unit} text such as {@code kB}, {@code 8kB} or {@code ms}; empty for none. */
    static Optional<SettingUnit> base(String unit) {
        if (unit == null || unit.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = BASE.matcher(unit);
        if (!m.matches()) {
            return Optional.empty();
        }
        long times = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
        return named(m.group(2)).map(u -> new SettingUnit(unit, u.factor * times, u.family));
    }

    /** The symbols a person may write for a parameter in this unit's family, for error messages. */
    String accepted(boolean microseconds) {
        List<String> symbols = new ArrayList<>();
        for (SettingUnit unit : UNITS) {
            if (unit.family == family && (microseconds || !unit.symbol.equals("us"))) {
                symbols.add(0, unit.symbol); // smallest first, as the server's hint lists them
            }
        }
        return String.join(", ", symbols);
    }
}
