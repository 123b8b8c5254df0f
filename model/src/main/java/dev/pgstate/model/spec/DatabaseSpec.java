package dev.pgstate.model.spec;

import java.util.Map;
import java.util.Objects;

/**
 * A database as the spec wants it; {@code null} attributes are not managed. Encoding and the locale
 * fields can only be chosen at creation: a difference on a live database is reported for manual action.
 * {@code template} is used only when creating. {@code forceDrop}: with {@code state: absent}, drop it even while
 * clients are connected, ending their sessions ({@code DROP DATABASE … WITH (FORCE)}, PostgreSQL 13+).
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
        Map<String, String> settings) {

    public DatabaseSpec {
        Objects.requireNonNull(name, "name");
        state = state == null ? State.PRESENT : state;
        settings = ObjectSettings.copy(settings);
    }

    /** Without settings of its own managed. */
    public DatabaseSpec(String name, State state, String owner, String encoding, String locale, String lcCollate,
                        String lcCtype, String template, Integer connectionLimit, Boolean allowConnections,
                        Boolean isTemplate, Boolean forceDrop) {
        this(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit, allowConnections,
                isTemplate, forceDrop, null);
    }

    /** This database with these settings of its own (ALTER DATABASE … SET); {@code null} leaves them unmanaged. */
    public DatabaseSpec withSettings(Map<String, String> parameters) {
        return new DatabaseSpec(name, state, owner, encoding, locale, lcCollate, lcCtype, template, connectionLimit,
                allowConnections, isTemplate, forceDrop, parameters);
    }

    /** Without {@code force_drop}. */
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
}
