package dev.pgstate.model.validate;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;

/** The connection block is handed to libpq-style settings, so it must hold values libpq would accept. */
final class ConnectionRule implements SpecRule {

    @Override
    public void check(Spec spec, Problems problems) {
        ConnectionSpec connection = spec.connection();
        if (connection.host() != null && connection.host().isBlank()) {
            problems.add("connection.host", "must not be empty; leave host out to use the default");
        }
        if (connection.port() != null && (connection.port() < 1 || connection.port() > ServerSpec.MAX_PORT)) {
            problems.add("connection.port", "expected a port from 1 to " + ServerSpec.MAX_PORT + ", found " + connection.port());
        }
        if (connection.sslmode() != null && !ConnectionSpec.SSL_MODES.contains(connection.sslmode())) {
            problems.add("connection.sslmode", "expected one of " + String.join(", ", ConnectionSpec.SSL_MODES)
                    + ", found \"" + connection.sslmode() + "\"");
        }
        if (connection.requirepeer() != null && !connection.requirepeer().matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            problems.add("connection.requirepeer", "expected an OS user name, found \"" + connection.requirepeer()
                    + "\"");
        }
    }
}
