package dev.pgstate.reconcilers.kind.setting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.SettingsStrategy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.live.ConfigFiles;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.core.plan.Warning;
import dev.pgstate.reconcilers.kind.setting.FileSetting;
import dev.pgstate.reconcilers.kind.setting.LiveSettings;
import dev.pgstate.reconcilers.kind.setting.ServerSetting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings planned against a server built in code: effects, values waiting on disk, overrides, warnings. */
class SettingsPlannerTest {

    private static final Path DATA = Path.of("/var/lib/postgresql/16/main");
    private static final Path CONF = Path.of("/etc/postgresql/16/main/postgresql.conf");
    private static final Path AUTO = DATA.resolve("postgresql.auto.conf");
    private static final Path DROP_IN = Path.of("/etc/postgresql/16/main/conf.d/zz-pgstate.conf");

    private static final ServerSetting WORK_MEM = parameter("work_mem", "4096", "kB", "integer", "user", "default");
    private static final ServerSetting LISTEN = parameter("listen_addresses", "localhost", null, "string", "postmaster",
            "configuration file");

    @Test
    void aUserParameterIsReloadedAndAPostmasterOneRestarted() {
        Plan plan = plan(server(List.of("localhost", "127.0.0.2"), Map.of("work_mem", "64MB"),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED), live(List.of()));

        assertThat(plan.changes()).extracting(c -> c.address().toString(), Change::effect, Change::risks).containsExactly(
                org.assertj.core.groups.Tuple.tuple("setting.listen_addresses", Effect.RESTART, java.util.Set.of(Risk.NEEDS_RESTART, Risk.MAY_LOCK_OUT)),
                org.assertj.core.groups.Tuple.tuple("setting.work_mem", Effect.RELOAD, java.util.Set.of()));
        assertThat(plan.changes().get(1).attributes().get(0)).extracting(AttributeChange::before, AttributeChange::after)
                .containsExactly("4MB", "64MB");
        assertThat(plan.effects()).containsExactly(Effect.RELOAD, Effect.RESTART);
        assertThat(plan.warnings()).isEmpty();
    }

    /** The server would not start, or not listen there: refused before anything is written, not warned about. */
    @Test
    void aListenAddressNoInterfaceHasIsRefused() {
        assertThatThrownBy(() -> plan(server(List.of("localhost", "192.168.1.20"), Map.of(),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED), live(List.of())))
                .isInstanceOf(PlanningException.class).hasMessageContaining("server.listen_addresses: \"192.168.1.20\""
                        + " is not an address of any interface of this machine; the server would not start, or not"
                        + " listen there");
    }

    @Test
    void aValueOnDiskWaitingForItsRestartIsStillAChangeWithNothingToWrite() {
        List<FileSetting> disk = List.of(new FileSetting(AUTO.toString(), 3, 1, "listen_addresses", "localhost,127.0.0.2",
                false, "setting could not be applied"));

        Plan plan = plan(server(List.of("localhost", "127.0.0.2"), Map.of(), SettingsStrategy.ALTER_SYSTEM,
                RestartPolicy.NEVER), live(disk));

        AlterSetting change = (AlterSetting) plan.changes().get(0);
        assertThat(change.awaitsRestartOnly()).isTrue();
        assertThat(change.reason()).isEqualTo("already in " + AUTO + "; takes effect when the server restarts");
        assertThat(plan.warnings()).extracting(Warning::message).containsExactly("waits for a restart, which the spec "
                + "leaves to a person (restart: never); until then the server keeps localhost");
    }

    /**
     * The drop-in deleted after its reload: the server runs the spec's listen_addresses but the files would give the
     * default at the next reload, so it is written back, with a reload, never a restart (the server already runs it).
     * work_mem, which an admin's line in postgresql.conf keeps, is not drift.
     */
    @Test
    void aRunningValueTheFilesNoLongerGiveIsWrittenBackWithAReloadOnly() {
        ServerSetting listen = withDefault(parameter("listen_addresses", "localhost,127.0.0.2", null, "string",
                "postmaster", "configuration file"), "localhost");
        ServerSetting workMem = parameter("work_mem", "12288", "kB", "integer", "user", "configuration file");
        List<FileSetting> adminLine = List.of(new FileSetting(CONF.toString(), 40, 1, "work_mem", "12MB", true, null));

        Plan plan = plan(server(List.of("localhost", "127.0.0.2"), Map.of("work_mem", "12MB"), SettingsStrategy.FILE,
                RestartPolicy.IF_NEEDED), live(List.of(listen, workMem), adminLine));

        assertThat(plan.changes()).extracting(c -> c.address().toString(), Change::effect).containsExactly(
                org.assertj.core.groups.Tuple.tuple("setting.listen_addresses", Effect.RELOAD));
        assertThat(plan.changes().get(0).attributes().get(0)).extracting(AttributeChange::before, AttributeChange::after)
                .containsExactly("127.0.0.2,localhost now; reverts at the next reload (zz-pgstate.conf does not hold it)",
                        "127.0.0.2,localhost");
        assertThat(plan.effects()).containsExactly(Effect.RELOAD);
    }

    @Test
    void anAlterSystemOverAFileManagedValueIsAManualActionNamingFileAndLine() {
        List<FileSetting> disk = List.of(
                new FileSetting(DROP_IN.toString(), 2, 1, "work_mem", "64MB", false, null),
                new FileSetting(AUTO.toString(), 3, 2, "work_mem", "20MB", true, null));
        ServerSetting overridden = parameter("work_mem", "20480", "kB", "integer", "user", "configuration file");

        Plan plan = plan(server(null, Map.of("work_mem", "64MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED),
                live(List.of(overridden), disk));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.manualActions()).singleElement().satisfies(action -> {
            assertThat(action.expected()).isEqualTo("64MB");
            assertThat(action.found()).isEqualTo("20MB");
            assertThat(action.reason()).startsWith("overridden by " + AUTO + ":3 (work_mem = '20MB'), which the server "
                    + "reads after " + DROP_IN);
        });
    }

    @Test
    void theCommandLineBeatsEveryFile() {
        ServerSetting fromCommandLine = parameter("work_mem", "4096", "kB", "integer", "user", "command line");

        Plan plan = plan(server(null, Map.of("work_mem", "64MB"), SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED),
                live(List.of(fromCommandLine), List.of()));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.manualActions()).extracting(ManualAction::reason).containsExactly("set by the server's command "
                + "line, which beats every config file; change it where the server is started");
    }

    @Test
    void unknownAndReadOnlyParametersAreProblemsNamingTheSpecField() {
        ServerSetting blockSize = parameter("block_size", "8192", null, "integer", "internal", "default");

        assertThatThrownBy(() -> plan(server(null, Map.of("wrok_mem", "1MB", "block_size", "8192"),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED), live(List.of(WORK_MEM, blockSize), List.of())))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("server.settings.wrok_mem: unknown parameter \"wrok_mem\" on PostgreSQL 16; "
                        + "did you mean \"work_mem\"?")
                .hasMessageContaining("server.settings.block_size: block_size is fixed when the cluster is built");
    }

    @Test
    void roleAndDatabaseValuesThatDifferFromTheSpecAreWarningsNotChanges() {
        ServerSetting atSpec = parameter("work_mem", "65536", "kB", "integer", "user", "configuration file");
        LiveSettings settings = new LiveSettings(Map.of("work_mem", atSpec), List.of(), List.of(
                new RoleDatabaseSetting("postgres", null, "work_mem", "1MB"),
                new RoleDatabaseSetting(null, "appdb", "work_mem", "65536kB")),
                new ConfigFiles(CONF, DATA, List.of(), true), List.of());

        Plan plan = plan(server(null, Map.of("work_mem", "64MB"), SettingsStrategy.ALTER_SYSTEM,
                RestartPolicy.IF_NEEDED), settings);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.manualActions()).isEmpty();
        assertThat(plan.warnings()).containsExactly(new Warning(SettingKind.address("work_mem"), "role \"postgres\" sets "
                + "work_mem = '1MB' (ALTER ROLE … SET), which its sessions get instead of 64MB"));
    }

    /**
     * An empty value is the literal ''; an empty list the server quotes would be stored as "" (an item with an empty
     * name), so it is a RESET where that gives the empty default, and a problem where a config file line or the
     * default would give a value.
     */
    @Test
    void emptyValuesAreWrittenAsTheServerReadsThemOrRefused() {
        ServerSetting archive = parameter("archive_command", "cp %p /x", null, "string", "sighup", "configuration file");
        ServerSetting preload = parameter("session_preload_libraries", "auto_explain", null, "string", "superuser",
                "configuration file");
        ServerSetting searchPath = parameter("search_path", "app", null, "string", "user", "configuration file");
        List<FileSetting> onlyAuto = List.of(new FileSetting(AUTO.toString(), 3, 1, "session_preload_libraries",
                "auto_explain", true, null));

        Plan plan = plan(server(null, Map.of("archive_command", "", "session_preload_libraries", ""),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED), live(List.of(archive, withDefault(preload, "")),
                onlyAuto));

        assertThat(plan.changes()).map(change -> SettingStatements.alterSystem(
                (AlterSetting) change)).containsExactlyInAnyOrder("ALTER SYSTEM SET \"archive_command\" = ''",
                "ALTER SYSTEM RESET \"session_preload_libraries\"");
        assertThatThrownBy(() -> plan(server(null, Map.of("search_path", ""), SettingsStrategy.ALTER_SYSTEM,
                RestartPolicy.IF_NEEDED), live(List.of(withDefault(searchPath, "\"$user\", public")), List.of())))
                .isInstanceOf(PlanningException.class).hasMessageContaining("server.settings.search_path: an empty "
                        + "list cannot be written with ALTER SYSTEM");
        assertThat(plan(server(null, Map.of("search_path", ""), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED),
                live(List.of(withDefault(searchPath, "\"$user\", public")), List.of())).changes()).hasSize(1);
    }

    /** 14+ quotes unix_socket_directories item by item, 11–13 take one string; search_path is quoted on all. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            unix_socket_directories | "/run/a", /tmp | 130000 | ALTER SYSTEM SET "unix_socket_directories" = '"/run/a", /tmp'
            unix_socket_directories | "/run/a", /tmp | 140000 | ALTER SYSTEM SET "unix_socket_directories" = '/run/a', '/tmp'
            search_path             | "$user",App    | 110000 | ALTER SYSTEM SET "search_path" = '$user', 'app'
            """)
    void listsAreSentAsTheServerOfThatMajorTakesThem(String name, String value, int version, String sql) {
        ServerSetting parameter = parameter(name, "/x", null, "string", "postmaster", "configuration file");

        Plan plan = plan(server(null, Map.of(name, value), SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED),
                live(List.of(parameter), List.of()), version);

        assertThat(SettingStatements.alterSystem((AlterSetting) plan.changes().get(0)))
                .isEqualTo(sql);
    }

    private static ServerSetting withDefault(ServerSetting parameter, String bootVal) {
        return new ServerSetting(parameter.name(), parameter.setting(), parameter.unit(), parameter.vartype(),
                parameter.context(), parameter.source(), null, null, false, List.of(), null, null, bootVal);
    }

    private static Plan plan(ServerSpec server, LiveSettings settings, int version) {
        ServerInfo info = new ServerInfo(version, "postgres", "postgres");
        LiveState live = new LiveState(info, List.of(new SettingState(info, settings)));
        return new Planner().plan(Spec.builder().server(server).build(), live);
    }

    private static Plan plan(ServerSpec server, LiveSettings settings) {
        return plan(server, settings, 160004);
    }

    private static ServerSpec server(List<String> listen, Map<String, String> settings, SettingsStrategy strategy,
                                     RestartPolicy restart) {
        return ServerSpec.builder().listenAddresses(listen).settings(settings).strategy(strategy)
                .restart(restart).build();
    }

    private static LiveSettings live(List<FileSetting> disk) {
        return live(List.of(WORK_MEM, LISTEN), disk);
    }

    private static LiveSettings live(List<ServerSetting> parameters, List<FileSetting> disk) {
        Map<String, ServerSetting> byName = new java.util.HashMap<>();
        parameters.forEach(p -> byName.put(p.name(), p));
        return new LiveSettings(byName, disk, List.of(), new ConfigFiles(CONF, DATA,
                List.of(DROP_IN.getParent()), true), List.of("127.0.0.1", "10.0.0.5"));
    }

    private static ServerSetting parameter(String name, String setting, String unit, String vartype, String context,
                                           String source) {
        return new ServerSetting(name, setting, unit, vartype, context, source, null, null, false, List.of(), "64",
                "2147483647", setting);
    }

    /** reset: the agent's line goes (ALTER SYSTEM RESET); nothing to do without one; a value and a reset conflict. */
    @Test
    void aResetRemovesTheAgentsLineOnlyWhereThereIsOne() {
        ServerSetting set = parameter("work_mem", "12288", "kB", "integer", "user", "configuration file");
        List<FileSetting> autoLine = List.of(new FileSetting(AUTO.toString(), 3, 1, "work_mem", "12MB", true, null));

        Plan plan = plan(ServerSpec.builder().settings(Map.of()).strategy(SettingsStrategy.ALTER_SYSTEM)
                .restart(RestartPolicy.IF_NEEDED).reset(List.of("work_mem")).build(),
                live(List.of(set, LISTEN), autoLine));

        assertThat(plan.changes()).map(change -> SettingStatements.alterSystem(
                (AlterSetting) change)).containsExactly("ALTER SYSTEM RESET \"work_mem\"");
        assertThat(plan.changes().get(0).attributes().get(0)).extracting(AttributeChange::before, AttributeChange::after)
                .containsExactly("12MB", "(reset)");
        assertThat(plan(ServerSpec.builder().settings(Map.of()).strategy(SettingsStrategy.ALTER_SYSTEM)
                        .restart(RestartPolicy.IF_NEEDED).reset(List.of("work_mem")).build(),
                        live(List.of(set, LISTEN), List.of())).changes())
                .isEmpty();
        assertThatThrownBy(() -> plan(ServerSpec.builder().settings(Map.of("work_mem", "1MB"))
                .strategy(SettingsStrategy.ALTER_SYSTEM).restart(RestartPolicy.IF_NEEDED).reset(List.of("work_mem"))
                .build(),
                live(List.of(set, LISTEN), autoLine))).isInstanceOf(PlanningException.class)
                .hasMessageContaining("server.reset[0]: work_mem is given a value too; a parameter is either set or reset");
    }
}
