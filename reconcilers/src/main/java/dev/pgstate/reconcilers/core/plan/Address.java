package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.text.Printable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stable identifier of a managed object, such as {@code role.idbox}, {@code database.idboxdb} or
 * {@code membership.app.idbox} (role app, member idbox). Names that are not plain identifiers are quoted.
 */
public record Address(Kind kind, List<String> names) implements Comparable<Address> {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    public Address {
        Objects.requireNonNull(kind, "kind");
        names = List.copyOf(names);
    }

    public static Address role(String name) {
        return new Address(Kind.ROLE, List.of(name));
    }

    public static Address database(String name) {
        return new Address(Kind.DATABASE, List.of(name));
    }

    /** {@code settings-of.role.app}: the settings role "app" gives its sessions. */
    public static Address roleSettings(String role) {
        return new Address(Kind.OBJECT_SETTINGS, List.of("role", role));
    }

    /** {@code settings-of.database.appdb}: the settings database "appdb" gives its sessions. */
    public static Address databaseSettings(String database) {
        return new Address(Kind.OBJECT_SETTINGS, List.of("database", database));
    }

    /** {@code setting.work_mem}: parameters by their lower-case name, as the server ignores case in them. */
    public static Address setting(String name) {
        return new Address(Kind.SETTING, List.of(name.toLowerCase(Locale.ROOT)));
    }

    public static Address membership(String role, String member) {
        return new Address(Kind.MEMBERSHIP, List.of(role, member));
    }

    /** The rules of pg_hba.conf, one object however many rules there are: {@code hba.rules}. */
    public static Address hba() {
        return new Address(Kind.HBA, List.of("rules"));
    }

    /** The server's TLS material, certificate, key, CA bundle and CRL together: {@code tls.server}. */
    public static Address tls() {
        return new Address(Kind.TLS, List.of("server"));
    }

    @Override
    public String toString() {
        return kind.label() + "." + names.stream().map(Address::quote).collect(Collectors.joining("."));
    }

    /** Quoted when not plain, with control characters escaped: an address is always one line of text. */
    private static String quote(String name) {
        return PLAIN.matcher(name).matches() ? name : '"' + Printable.escape(name.replace("\"", "\\\"")) + '"';
    }

    @Override
    public int compareTo(Address other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : toString().compareTo(other.toString());
    }
}
