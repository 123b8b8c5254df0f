package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.SettingsStrategy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.kind.setting.ServerSetting;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.reconcilers.kind.setting.SettingState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every parameter the server has, asked for in another spelling of the value it already has (another unit, case,
 * boolean word, number notation, list spacing and quoting, time zone or encoding alias): the plan must be empty.
 */
class SettingSpellingsIT {

    /** Lists of names the server splits like identifiers: an unquoted item is lower-cased, a quoted one kept. */
    private static final Set<String> IDENTIFIER_LISTS = Set.of("search_path", "temp_tablespaces");
    private static final Set<String> PATH_LISTS = Set.of("unix_socket_directories", "shared_preload_libraries",
            "session_preload_libraries", "local_preload_libraries");
    /** Strings the server reads without regard to case and stores in its own spelling. */
    private static final Set<String> CASE_BLIND = Set.of("timezone", "log_timezone", "datestyle", "client_encoding");

    @AcrossPgVersions
    void everyParameterInASecondSpellingOfItsCurrentValuePlansClean(PgCluster pg) throws Exception {
        LiveSettings live;
        try (Connection connection = pg.connect("postgres")) {
            live = SettingState.liveIn(new LiveStateReader().read(connection, spec(Map.of("work_mem", "4MB"))).kinds());
        }
        Map<String, String> respelled = new LinkedHashMap<>();
        live.parameters().values().stream()
                .filter(parameter -> !parameter.readOnly() && parameter.setting() != null)
                .sorted(java.util.Comparator.comparing(ServerSetting::name))
                .forEach(parameter -> respelled.put(parameter.name(), secondSpelling(parameter, pg.majorVersion())));

        Plan plan = converger(pg).plan(spec(respelled));

        assertThat(respelled).hasSizeGreaterThan(250);
        assertThat(plan.changes()).extracting(SettingSpellingsIT::describe).isEmpty();
        assertThat(plan.manualActions()).isEmpty();
    }

    private static String describe(Change change) {
        return change.address() + ": " + change.attributes();
    }

    /** Another text the server reads as the same value; the same text only where a type has no other. */
    static String secondSpelling(ServerSetting parameter, int major) {
        String value = parameter.setting();
        return switch (parameter.vartype()) {
            case "bool" -> value.equals("on") ? "TRUE" : "No";
            case "enum" -> value.toUpperCase(Locale.ROOT);
            case "integer" -> parameter.unit() == null ? hex(Long.decode(value)) /* octal ones show as 0600 */ : inSmallestUnit(value, parameter, major);
            case "real" -> parameter.unit() == null ? new BigDecimal(value).scaleByPowerOfTen(1).toPlainString() + "e-1"
                    : inSmallestUnit(value, parameter, major);
            default -> string(parameter.name().toLowerCase(Locale.ROOT), value);
        };
    }

    private static String hex(long value) {
        return (value < 0 ? "-0x" : "0x") + Long.toHexString(Math.abs(value));
    }

    /** {@code 4096} kB as {@code 4194304B}, 8kB blocks as kB, seconds as ms; 11 knows us for none, B for a few. */
    private static String inSmallestUnit(String value, ServerSetting parameter, int major) {
        java.util.regex.Matcher unit = java.util.regex.Pattern.compile("(\\d*)([A-Za-z]+)").matcher(parameter.unit());
        assertThat(unit.matches()).as(parameter.unit()).isTrue();
        long times = unit.group(1).isEmpty() ? 1 : Long.parseLong(unit.group(1));
        Map<String, Long> memory = Map.of("B", 1L, "kB", 1024L, "MB", 1L << 20, "GB", 1L << 30);
        Map<String, Long> time = Map.of("us", 1L, "ms", 1000L, "s", 1_000_000L, "min", 60_000_000L, "h", 3_600_000_000L,
                "d", 86_400_000_000L);
        boolean isMemory = memory.containsKey(unit.group(2));
        String smallest = isMemory ? (major >= 12 || unit.group(2).equals("B") ? "B" : "kB") : (major >= 12 ? "us" : "ms");
        long factor = times * (isMemory ? memory.get(unit.group(2)) / memory.get(smallest)
                : time.get(unit.group(2)) / time.get(smallest));
        return new BigDecimal(value).multiply(BigDecimal.valueOf(factor)).stripTrailingZeros().toPlainString() + smallest;
    }

    private static String string(String name, String value) {
        if (CASE_BLIND.contains(name)) {
            return value.toLowerCase(Locale.ROOT);
        }
        if (IDENTIFIER_LISTS.contains(name) || PATH_LISTS.contains(name)) {
            // every item quoted, no spaces: "$user",public reads as "$user","public"
            return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty())
                    .map(item -> item.startsWith("\"") ? item : "\"" + item + "\"").collect(Collectors.joining(","));
        }
        if (name.equals("listen_addresses") || name.equals("log_destination")) {
            return String.join(" , ", List.of(value.split("\\s*,\\s*")));
        }
        return value;
    }

    private static Spec spec(Map<String, String> settings) {
        return Spec.builder()
                .server(ServerSpec.builder().settings(settings).strategy(SettingsStrategy.ALTER_SYSTEM)
                        .restart(RestartPolicy.IF_NEEDED).build()).build();
    }

    private static Converger converger(PgCluster cluster) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", cluster.port(), cluster.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
