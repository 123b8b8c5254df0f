package dev.pgstate.model.validate;

import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What can be said about the server section without a server: names a postgresql.conf line could carry,
 * addresses that form a list, a port, a command. Whether a value suits its parameter depends on the server's
 * version and is checked at plan time against its pg_settings.
 */
final class ServerRule implements SpecRule {

    /** postgresql.conf's ID, or one qualified {@code ext.name} for extension parameters. */
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final List<String> NAMED_FIELDS =
            List.of(ServerSpec.LISTEN_ADDRESSES, ServerSpec.PORT, ServerSpec.PASSWORD_ENCRYPTION);

    @Override
    public void check(Spec spec, Problems problems) {
        ServerSpec server = spec.server();
        if (server.listenAddresses() != null) {
            checkAddresses(server.listenAddresses(), problems);
        }
        if (server.port() != null && (server.port() < 1 || server.port() > ServerSpec.MAX_PORT)) {
            problems.add("server.port", "expected a port from 1 to " + ServerSpec.MAX_PORT + ", found " + server.port());
        }
        if (server.restartCommand() != null && server.restartCommand().isBlank()) {
            problems.add("server.restart_command", "must not be empty; leave it out to use the platform's default");
        }
        checkSettings(server.settings(), problems);
    }

    private static void checkAddresses(List<String> addresses, Problems problems) {
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            String field = "server.listen_addresses[" + i + "]";
            if (address.isBlank() || address.contains(",") || !address.strip().equals(address)
                    || address.chars().anyMatch(Character::isWhitespace)) {
                problems.add(field, "expected one host name or IP address per entry, found \"" + address + "\"");
            } else if (address.equals("*") && addresses.size() > 1) {
                problems.add(field, "\"*\" already means every interface; list it alone");
            }
        }
    }

    private static void checkSettings(Map<String, String> settings, Problems problems) {
        checkParameters("server.settings", settings, problems, (name, field) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NAMED_FIELDS.contains(lower)) {
                problems.add(field, "set it as server." + lower + ", not under settings");
                return false;
            }
            if (TlsSpec.MANAGED_PARAMETERS.containsKey(lower)) {
                problems.add(field, "set by the agent from the tls section (" + TlsSpec.MANAGED_PARAMETERS.get(lower)
                        + "); move it there");
                return false;
            }
            return true;
        });
    }

    /** A check of one well-formed name of its own; false when it found a problem. */
    @FunctionalInterface
    interface NameCheck {
        boolean accepts(String name, String field);
    }

    /**
     * Names a config line or ALTER … SET could carry, each once whatever its case, each with a value; {@code more}
     * checks each well-formed name further.
     */
    static void checkParameters(String prefix, Map<String, String> settings, Problems problems, NameCheck more) {
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String name = setting.getKey();
            String field = prefix + "." + name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (!PARAMETER.matcher(name).matches()) {
                problems.add(field, "not a parameter name postgresql.conf accepts (letters, digits and _, "
                        + "at most one dot for an extension's parameter)");
            } else if (more.accepts(name, field) && seen.putIfAbsent(lower, name) != null) {
                // PostgreSQL ignores case in parameter names: the two would fight over one parameter
                problems.add(field, "the same parameter as \"" + seen.get(lower) + "\" (names ignore case)");
            }
            if (setting.getValue() == null) {
                problems.add(field, "a value is required; leave the parameter out to stop managing it");
            }
        }
    }
}
