package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.text.Printable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stable identifier of a managed object, such as {@code role.idbox}, {@code database.idboxdb} or
 * {@code membership.app.idbox} (role app, member idbox). Names that are not plain identifiers are quoted. Addresses
 * have no order of their own: the kinds' order comes from the registry ({@link ChangeOrder#addresses()}).
 */
public record Address(KindName kind, List<String> names) {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    public Address {
        Objects.requireNonNull(kind, "kind");
        names = List.copyOf(names);
    }

    /** {@code kind.name.name}: the kind's own factories say what the names are. */
    public static Address of(KindName kind, String... names) {
        return new Address(kind, List.of(names));
    }

    @Override
    public String toString() {
        return kind.label() + "." + names.stream().map(Address::quote).collect(Collectors.joining("."));
    }

    /** Quoted when not plain, with control characters escaped: an address is always one line of text. */
    private static String quote(String name) {
        return PLAIN.matcher(name).matches() ? name : '"' + Printable.escape(name.replace("\"", "\\\"")) + '"';
    }
}
