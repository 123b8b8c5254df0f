package dev.pgstate.reconcilers.kind.setting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the server what it makes of a text parameter's values, where no rule says it: time zones ({@code utc} is
 * {@code UTC}), text search configurations ({@code english} is {@code pg_catalog.english}), encodings
 * ({@code UTF-8} is {@code UTF8}). A value is set with {@code set_config(…, true)} inside a savepoint that is
 * rolled back at once, so the session keeps its settings; a value the server refuses gets no server form (the plan
 * then changes it and the server's check of the file names the problem).
 */
final class ServerForms {

    private static final String SET_CONFIG_SQL = "SELECT pg_catalog.set_config(?, ?, true)";
    private static final String ENCODING_SQL = "SELECT pg_catalog.pg_encoding_to_char(pg_catalog.pg_char_to_encoding(?))";

    /**
     * Never set in the agent's session, not even for a moment: pgjdbc drops a connection whose DateStyle or
     * client_encoding it did not choose, and role and session_authorization change who the session is.
     */
    private static final Set<String> NOT_SET = Set.of("datestyle", "client_encoding", "role", "session_authorization");
    /** Parameters the server cannot set in a session, read through one with the same check. */
    private static final Map<String, String> ASKED_AS = Map.of("log_timezone", "TimeZone");

    private ServerForms() {
    }

    /**
     * For each of {@code desired} (name → values as written: the server's, roles' and databases') that is a text
     * parameter: those values, the config file lines' and the roles' and databases' own values, each with the
     * server's form of it.
     */
    static Map<String, Map<String, String>> ask(Connection connection, LiveSettings settings,
                                                Map<String, Set<String>> desired) throws SQLException {
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> wanted : desired.entrySet()) {
            Optional<ServerSetting> parameter = settings.parameter(wanted.getKey());
            if (parameter.isEmpty() || !"string".equals(parameter.get().vartype())) {
                continue;
            }
            Set<String> texts = new LinkedHashSet<>(wanted.getValue());
            settings.fileLines().stream().filter(line -> line.name().equalsIgnoreCase(wanted.getKey()))
                    .forEach(line -> texts.add(line.setting()));
            settings.overridesOf(wanted.getKey()).forEach(override -> texts.add(override.value()));
            Map<String, String> ofParameter = new LinkedHashMap<>();
            for (String text : texts) {
                if (text != null) {
                    form(connection, parameter.get(), text).ifPresent(form -> ofParameter.put(text, form));
                }
            }
            forms.put(parameter.get().name().toLowerCase(Locale.ROOT), ofParameter);
        }
        return forms;
    }

    private static Optional<String> form(Connection connection, ServerSetting parameter, String text)
            throws SQLException {
        String lower = parameter.name().toLowerCase(Locale.ROOT);
        if (lower.equals("client_encoding")) {
            return query(connection, ENCODING_SQL, text).filter(encoding -> !encoding.isEmpty());
        }
        String asked = ASKED_AS.get(lower);
        if (asked == null && (NOT_SET.contains(lower) || !parameter.settableInSession())) {
            return Optional.empty();
        }
        if (connection.getAutoCommit()) {
            return Optional.empty(); // no transaction to undo the setting in
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            return query(connection, SET_CONFIG_SQL, asked == null ? parameter.name() : asked, text);
        } catch (SQLException refused) {
            return Optional.empty();
        } finally {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        }
    }

    private static Optional<String> query(Connection connection, String sql, String... arguments) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setString(i + 1, arguments[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
