package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Attribute;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** The database attributes the agent manages; some can only be chosen when the database is created. */
public enum DatabaseAttribute implements Attribute {
    OWNER("owner", true),
    ENCODING("encoding", false),
    LOCALE("locale", false),
    LC_COLLATE("lc_collate", false),
    LC_CTYPE("lc_ctype", false),
    TEMPLATE("template", false),
    CONNECTION_LIMIT("connection_limit", true),
    ALLOW_CONNECTIONS("allow_connections", true),
    IS_TEMPLATE("is_template", true);

    private final String key;
    private final boolean alterable;

    DatabaseAttribute(String key, boolean alterable) {
        this.key = key;
        this.alterable = alterable;
    }

    @Override
    public String key() {
        return key;
    }

    /** False for what PostgreSQL fixes at CREATE DATABASE: a difference needs manual action, not a drop. */
    public boolean alterable() {
        return alterable;
    }

    /** The spec's value, or {@code null} when unmanaged. */
    public Object desired(DatabaseSpec database) {
        return switch (this) {
            case OWNER -> database.owner();
            case ENCODING -> database.encoding();
            case LOCALE -> database.locale();
            case LC_COLLATE -> database.lcCollate();
            case LC_CTYPE -> database.lcCtype();
            case TEMPLATE -> database.template();
            case CONNECTION_LIMIT -> database.connectionLimit();
            case ALLOW_CONNECTIONS -> database.allowConnections();
            case IS_TEMPLATE -> database.isTemplate();
        };
    }

    /**
     * The server's value in the same form as {@link #desired}. A libc database has no locale of its own:
     * {@code locale} then reads as its collation when collation and ctype agree. The template a database was
     * copied from is not recorded, so it reads as {@code null} and is never compared.
     */
    public Object observed(LiveDatabase database) {
        return switch (this) {
            case OWNER -> database.owner();
            case ENCODING -> database.encoding();
            case LOCALE -> database.locale() != null ? database.locale()
                    : database.lcCollate().equals(database.lcCtype()) ? database.lcCollate()
                    : database.lcCollate() + " / " + database.lcCtype();
            case LC_COLLATE -> database.lcCollate();
            case LC_CTYPE -> database.lcCtype();
            case TEMPLATE -> null;
            case CONNECTION_LIMIT -> database.connectionLimit();
            case ALLOW_CONNECTIONS -> database.allowConnections();
            case IS_TEMPLATE -> database.isTemplate();
        };
    }

    /** Whether the server already has the desired value; PostgreSQL ignores case and punctuation in encoding names. */
    public boolean matches(Object desired, Object observed) {
        if (this == ENCODING && desired != null && observed != null) {
            return canonicalEncoding(desired.toString()).equals(canonicalEncoding(observed.toString()));
        }
        return Objects.equals(desired, observed);
    }

    private static String canonicalEncoding(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /**
     * A database change needs the database's earlier changes, the role it gives the database to and the database it
     * is copied from: one created by the same plan must be there first (and is, however many run at once).
     */
    static Set<Address> needs(Address database, List<AttributeChange<DatabaseAttribute>> attributes) {
        Set<Address> needs = new HashSet<>(Set.of(database));
        attributes.stream().filter(a -> a.attribute() == OWNER && a.after() != null)
                .forEach(a -> needs.add(RoleKind.address((String) a.after())));
        attributes.stream().filter(a -> a.attribute() == TEMPLATE && a.after() != null)
                .forEach(a -> needs.add(DatabaseKind.address((String) a.after())));
        return Set.copyOf(needs);
    }
}
