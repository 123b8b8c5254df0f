package dev.pgstate.model.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A database as the spec wants it; {@code null} attributes are not managed. Encoding and the locale
 * fields can only be chosen at creation: a difference on a live database is reported for manual action.
 * {@code template} is used only when creating. {@code forceDrop}: with {@code state: absent}, drop it even while
 * clients are connected, ending their sessions ({@code DROP DATABASE … WITH (FORCE)}, PostgreSQL 13+).
 * {@code extensions}: those it must have or not have, by name; the extensions it does not name are left alone.
 * {@code settings}: the parameters its sessions start with (ALTER DATABASE … SET), exactly these when given (others
 * it has are reset), left alone when {@code null}.
 */
public record DatabaseSpec(
        String name,
        State state,
        String owner,
        String encoding,
        String locale,
        String lcCollate,
        String lcCtype,
        String template,
        Integer connectionLimit,
        Boolean allowConnections,
        Boolean isTemplate,
        Boolean forceDrop,
        List<ExtensionSpec> extensions,
        Map<String, String> settings) {

    public DatabaseSpec {
        Objects.requireNonNull(name, "name");
        state = state == null ? State.PRESENT : state;
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        settings = ObjectSettings.copy(settings);
    }

    /** Without settings of its own managed. */
    public DatabaseSpec(String name, State state, String owner, String encoding, String locale, String lcCollate,
                        String lcCtype, String template, Integer connectionLimit, Boolean allowConnections,
                        Boolean isTemplate, Boolean forceDrop, List<ExtensionSpec> extensions) {
        this(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit, allowConnections,
                isTemplate, forceDrop, extensions, null);
    }

    /** Without {@code force_drop} and extensions. */
    public DatabaseSpec(String name, State state, String owner, String encoding, String locale, String lcCollate,
                        String lcCtype, String template, Integer connectionLimit, Boolean allowConnections,
                        Boolean isTemplate) {
        this(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit, allowConnections,
                isTemplate, null, null);
    }

    /** A database that must exist, with every attribute left unmanaged. */
    public static DatabaseSpec named(String name) {
        return new DatabaseSpec(name, State.PRESENT, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This database with {@code wanted} as its extensions. */
    public DatabaseSpec withExtensions(List<ExtensionSpec> wanted) {
        return new DatabaseSpec(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit,
                allowConnections, isTemplate, forceDrop, wanted, settings);
    }

    /** This database with these settings of its own (ALTER DATABASE … SET); {@code null} leaves them unmanaged. */
    public DatabaseSpec withSettings(Map<String, String> parameters) {
        return new DatabaseSpec(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit,
                allowConnections, isTemplate, forceDrop, extensions, parameters);
    }
}
