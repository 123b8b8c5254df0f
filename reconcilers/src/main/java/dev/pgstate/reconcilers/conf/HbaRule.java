package dev.pgstate.reconcilers.conf;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One pg_hba.conf rule as written: the database and user tokens (with quoting kept, {@code @file} unexpanded), the
 * address ({@code null} on {@code local}), the method and the options in written order. {@code databaseNames} and
 * {@code userNames} are the tokens after {@code @file} expansion, which is what the server matches against.
 */
public record HbaRule(ConnectionType type, List<HbaToken> databases, List<HbaToken> users, HbaAddress address,
                      String method, List<HbaOption> options, List<HbaToken> databaseNames, List<HbaToken> userNames)
        implements HbaEntry {

    public HbaRule {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(method, "method");
        databases = List.copyOf(databases);
        users = List.copyOf(users);
        options = List.copyOf(options);
        databaseNames = List.copyOf(databaseNames);
        userNames = List.copyOf(userNames);
        if (type.isLocal() != (address == null)) {
            throw new IllegalArgumentException("a local rule has no address and every other rule has one");
        }
    }

    /** The method PostgreSQL uses: {@code ident} on a {@code local} rule means {@code peer}. */
    public String effectiveMethod() {
        return type.isLocal() && method.equals("ident") ? "peer" : method;
    }

    /** The last value of option {@code name}, or null; PostgreSQL lets a later one win. */
    public String option(String name) {
        String value = null;
        for (HbaOption option : options) {
            if (option.name().equals(name)) {
                value = option.value();
            }
        }
        return value;
    }

    /** The rule as one line in the sample file's columns; what the agent writes for rules it owns. */
    public String written() {
        StringBuilder line = new StringBuilder();
        line.append(pad(type.keyword(), 8)).append(pad(join(databases), 16)).append(pad(join(users), 16));
        if (address != null) {
            line.append(pad(address.written(), 24));
        }
        line.append(method);
        options.forEach(option -> line.append(' ').append(option.written()));
        return line.toString();
    }

    private static String join(List<HbaToken> tokens) {
        return tokens.stream().map(HbaToken::written).collect(Collectors.joining(","));
    }

    private static String pad(String column, int width) {
        return column.length() >= width ? column + " " : column + " ".repeat(width - column.length());
    }

    @Override
    public String toString() {
        return written().replaceAll("\\s+", " ");
    }
}
