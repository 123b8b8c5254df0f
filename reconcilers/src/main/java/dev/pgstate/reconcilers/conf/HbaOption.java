package dev.pgstate.reconcilers.conf;

import java.util.Objects;

/** One {@code name=value} authentication option, after unquoting ({@code ldapsuffix=", dc=x"} has value {@code , dc=x}). */
public record HbaOption(String name, String value) {

    public HbaOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Written as one token; the value is quoted when it holds a blank, comma, quote or {@code #}. */
    public String written() {
        String token = HbaToken.plain(value).written();
        return name + "=" + token;
    }

    @Override
    public String toString() {
        return written();
    }
}
