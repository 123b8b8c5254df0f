package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.sql.Sql;
import dev.pgstate.reconcilers.core.sql.Values;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * CREATE, ALTER and DROP DATABASE text. None of these may run inside a transaction block (CREATE/DROP) or
 * should (ALTER), so each statement is meant to be sent on its own in autocommit mode.
 */
public final class DatabaseStatements {

    /** The LOCALE option of CREATE DATABASE appeared in PostgreSQL 13. */
    private static final int LOCALE_OPTION_SINCE = 13;

    private final boolean hasLocaleOption;

    public DatabaseStatements(ServerInfo server) {
        this.hasLocaleOption = server.major() >= LOCALE_OPTION_SINCE;
    }

    /** {@code CREATE DATABASE d WITH OWNER … TEMPLATE …}, in the order the attributes are listed. */
    public String create(String database, List<AttributeChange<DatabaseAttribute>> attributes) {
        StringBuilder sql = Sql.appendIdentifier(new StringBuilder("CREATE DATABASE "), database);
        if (!attributes.isEmpty()) {
            sql.append(" WITH");
            attributes.forEach(a -> appendCreateOption(sql.append(' '), a));
        }
        return sql.toString();
    }

    /** {@code ALTER DATABASE d OWNER TO o}, then one {@code ALTER DATABASE d WITH …} for the other settings. */
    public List<String> alter(String database, List<AttributeChange<DatabaseAttribute>> attributes) {
        List<String> statements = new ArrayList<>();
        StringBuilder with = new StringBuilder();
        for (AttributeChange<DatabaseAttribute> change : attributes) {
            if (change.attribute() == DatabaseAttribute.OWNER) {
                statements.add(Sql.appendIdentifier(alterDatabase(database).append(" OWNER TO "), Values.text(change))
                        .toString());
            } else if (change.attribute().alterable()) {
                appendSetting(with.append(' '), change);
            } else {
                throw new IllegalArgumentException(change.name() + " of a database is fixed when it is created");
            }
        }
        if (with.length() > 0) {
            statements.add(alterDatabase(database).append(" WITH").append(with).toString());
        }
        return statements;
    }

    /**
     * A template database cannot be dropped, so it is first made an ordinary one. An invalid one can only be
     * dropped (no ALTER); IF EXISTS because the drop that left it so may still be running in another session, which
     * this one waits for and then finds nothing left to do. {@code force} ends the sessions connected to it first
     * (13+; the planner refuses it before).
     */
    public List<String> drop(String database, boolean isTemplate, boolean invalid, boolean force) {
        String withForce = force ? " WITH (FORCE)" : "";
        if (invalid) {
            return List.of(Sql.appendIdentifier(new StringBuilder("DROP DATABASE IF EXISTS "), database) + withForce);
        }
        String drop = Sql.appendIdentifier(new StringBuilder("DROP DATABASE "), database) + withForce;
        return isTemplate
                ? List.of(alterDatabase(database).append(" WITH IS_TEMPLATE false").toString(), drop)
                : List.of(drop);
    }

    private static StringBuilder alterDatabase(String database) {
        return Sql.appendIdentifier(new StringBuilder("ALTER DATABASE "), database);
    }

    private void appendCreateOption(StringBuilder sql, AttributeChange<DatabaseAttribute> change) {
        switch (change.attribute()) {
            case OWNER -> Sql.appendIdentifier(sql.append("OWNER "), Values.text(change));
            case TEMPLATE -> Sql.appendIdentifier(sql.append("TEMPLATE "), Values.text(change));
            case ENCODING -> Sql.appendLiteral(sql.append("ENCODING "), Values.text(change));
            case LC_COLLATE -> Sql.appendLiteral(sql.append("LC_COLLATE "), Values.text(change));
            case LC_CTYPE -> Sql.appendLiteral(sql.append("LC_CTYPE "), Values.text(change));
            case LOCALE -> appendLocale(sql, Values.text(change));
            default -> appendSetting(sql, change);
        }
    }

    private void appendLocale(StringBuilder sql, String locale) {
        if (hasLocaleOption) {
            Sql.appendLiteral(sql.append("LOCALE "), locale);
        } else {
            // LOCALE is shorthand for setting both; 11 and 12 only know the long form
            Sql.appendLiteral(sql.append("LC_COLLATE "), locale);
            Sql.appendLiteral(sql.append(" LC_CTYPE "), locale);
        }
    }

    private static void appendSetting(StringBuilder sql, AttributeChange<DatabaseAttribute> change) {
        switch (change.attribute()) {
            case CONNECTION_LIMIT -> sql.append("CONNECTION LIMIT ").append(Values.integer(change));
            case ALLOW_CONNECTIONS -> sql.append("ALLOW_CONNECTIONS ").append(Values.bool(change));
            case IS_TEMPLATE -> sql.append("IS_TEMPLATE ").append(Values.bool(change));
            default -> throw new IllegalArgumentException("no SQL for database attribute " + change.name());
        }
    }
}
