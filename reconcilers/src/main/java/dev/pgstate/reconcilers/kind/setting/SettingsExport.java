package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.model.text.Printable;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's parameters as a spec's server section, for an export: each one whose value comes from a config file
 * (postgresql.conf, its includes, postgresql.auto.conf) and differs from the compiled-in default, with the file and
 * line it comes from ({@link #origins()}). Left out: values equal to the default (saying them changes nothing),
 * values the server computes or fixes itself (sources {@code default}, {@code override} and {@code environment
 * variable}: {@code data_checksums}, an auto-tuned {@code wal_buffers}, {@code max_stack_depth} from the stack limit
 * before 15), {@code data_directory} (only where the server starts may say it), and the parameters the tls section
 * sets. A value given on the server's command line cannot be changed by the agent, which would plan a manual action
 * for it every run, and a config line may give a string control characters ({@code '%m\n\n'}), which no spec may
 * hold (nor ALTER SYSTEM, a line break): both are named in {@link #notExported()}, so the export still loads.
 * Export only: parameters are planned from the live state (see {@code SettingsPlanner}).
 */
public record SettingsExport(ServerSpec server, Map<String, String> origins, List<String> notExported)
        implements KindState {

    /** A source the agent cannot change, which its plan could only report as overriding the spec. */
    private static final String COMMAND_LINE = "command line";

    public SettingsExport {
        origins = Map.copyOf(origins);
        notExported = List.copyOf(notExported);
    }

    /** The parameters could not be read (pg_file_settings needs a superuser or pg_read_all_settings). */
    static SettingsExport unreadable(String reason) {
        return new SettingsExport(null, Map.of(), List.of("server settings: " + reason));
    }

    static SettingsExport of(LiveSettings live) {
        int major = live.parameter("server_version_num").map(p -> Integer.parseInt(p.setting()) / 10000).orElse(0);
        ServerSpec.Builder server = ServerSpec.builder();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<String> notExported = new ArrayList<>();
        List<ServerSetting> parameters = live.parameters().values().stream()
                .sorted(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT))).toList();
        for (ServerSetting parameter : parameters) {
            String name = parameter.name();
            String lower = name.toLowerCase(Locale.ROOT);
            if (TlsSpec.MANAGED_PARAMETERS.containsKey(lower) || lower.equals("data_directory")) {
                continue;
            }
            if (COMMAND_LINE.equals(parameter.source())) {
                notExported.add("server.settings." + name + " = " + parameter.setting() + ": set on the server's"
                        + " command line, which the agent cannot change");
                continue;
            }
            if (!parameter.fromAFile()) {
                continue;
            }
            String value = written(live, parameter);
            if (isDefault(parameter, value, major)) {
                continue;
            }
            int control = Printable.firstControl(value);
            if (control >= 0) {
                notExported.add("server.settings." + name + " (" + parameter.sourcefile() + ":"
                        + parameter.sourceline() + "): its value holds a control character (" + String.format("U+%04X",
                        (int) value.charAt(control)) + " at character " + (control + 1) + "), which a spec cannot"
                        + " hold; it stays as the config file sets it");
                continue;
            }
            String key = switch (lower) {
                case ServerSpec.LISTEN_ADDRESSES -> {
                    server.listenAddresses(SettingValue.listItems(lower, value));
                    yield "server." + lower;
                }
                case ServerSpec.PORT -> {
                    server.port(Integer.valueOf(value.strip()));
                    yield "server." + lower;
                }
                case ServerSpec.PASSWORD_ENCRYPTION -> {
                    server.passwordEncryption(value);
                    yield "server." + lower;
                }
                default -> {
                    settings.put(name, value);
                    yield "server.settings." + name;
                }
            };
            if (parameter.sourcefile() != null) {
                origins.put(key, parameter.sourcefile() + ":" + parameter.sourceline());
            }
        }
        return new SettingsExport(server.settings(settings).build(), origins, notExported);
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        // planned from the live state by SettingsPlanner; this state only exports
    }

    @Override
    public Spec export(Spec exported) {
        return server == null ? exported : exported.toBuilder().server(server).build();
    }

    /**
     * The value as its winning line writes it ({@code 64MB} rather than pg_settings' {@code 65536} kB), else as
     * pg_settings shows it in the base unit, which a config line without a unit means too.
     */
    private static String written(LiveSettings live, ServerSetting parameter) {
        return live.winningLine(parameter.name())
                .filter(line -> line.error() == null && line.sourcefile().equals(parameter.sourcefile())
                        && Integer.valueOf(line.sourceline()).equals(parameter.sourceline()))
                .map(FileSetting::setting).orElse(parameter.setting());
    }

    /** Whether {@code value} means the compiled-in default, by meaning ({@code 128MB} = {@code 16384} blocks). */
    private static boolean isDefault(ServerSetting parameter, String value, int major) {
        if (parameter.bootVal() == null) {
            return false;
        }
        SettingValue meaning = SettingValue.withoutServerForms(parameter, major);
        try {
            return SettingValue.same(meaning.canonical(value), meaning.canonical(parameter.bootVal()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
