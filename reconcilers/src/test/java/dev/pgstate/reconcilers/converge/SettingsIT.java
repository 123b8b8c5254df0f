package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.SettingsStrategy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.ServerReload;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.setting.SettingKind;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.ServerUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Server parameters end to end on real servers: reload, restart, no false drift, file checks and overrides. */
class SettingsIT {

    private static final String START_TIME = "SELECT pg_postmaster_start_time()";
    private static final String LOAD_TIME = "SELECT pg_conf_load_time()";

    @AcrossPgVersions
    void aReloadableSettingIsAppliedByAReloadWithoutRestart(PgCluster pg) throws Exception {
        String started = pg.psql(START_TIME);
        Spec spec = spec(settings("work_mem", "12MB", "log_min_duration_statement", "250ms"),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, null);

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(result.plan().effects()).extracting(e -> e.label()).containsExactly("reload");
        assertThat(result.effects().reloaded()).isTrue();
        assertThat(result.effects().restarted()).isFalse();
        assertThat(pg.psql("SELECT setting FROM pg_settings WHERE name IN ('log_min_duration_statement', 'work_mem')"
                + " ORDER BY name")).isEqualTo("250\n12288");
        assertThat(pg.psql(START_TIME)).isEqualTo(started);
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void listenAddressesRestartTheServerThroughTheCommandAndTheNewAddressAnswers(PgCluster pg) throws Exception {
        String started = pg.psql(START_TIME);
        Spec spec = Spec.builder()
                .server(ServerSpec.builder().listenAddresses(List.of("127.0.0.1", "127.0.0.2"))
                        .strategy(SettingsStrategy.ALTER_SYSTEM).restart(RestartPolicy.IF_NEEDED)
                        .restartCommand(pg.restartCommand()).build()).build();

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(result.plan().changes().get(0).risks()).extracting(r -> r.label())
                .containsExactly("needs-restart", "may-lock-out");
        assertThat(result.effects().restarted()).isTrue();
        assertThat(pg.psql(START_TIME)).isNotEqualTo(started);
        try (Connection viaNewAddress = DriverManager.getConnection("jdbc:postgresql://127.0.0.2:" + pg.port()
                + "/postgres?user=postgres&sslmode=disable")) {
            assertThat(viaNewAddress.isValid(5)).isTrue();
        }
        assertThat(pg.psql("SELECT count(*) FROM pg_settings WHERE pending_restart")).isEqualTo("0");
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void aPortChangeRestartsTheServerAndTheAgentFollowsItToTheNewPort(PgCluster pg) throws Exception {
        int newPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            newPort = probe.getLocalPort();
        }
        Spec spec = Spec.builder()
                .server(ServerSpec.builder().port(newPort).strategy(SettingsStrategy.ALTER_SYSTEM)
                        .restart(RestartPolicy.IF_NEEDED).restartCommand(pg.restartCommand()).build()).build();

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(result.plan().changes().get(0).risks()).contains(Risk.MAY_LOCK_OUT);
        try (Connection onNewPort = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + newPort
                + "/postgres?user=postgres&sslmode=disable")) {
            assertThat(onNewPort.isValid(5)).isTrue();
        }
    }

    /** Set once in one spelling, then planned in others: nothing may show as a difference. */
    @AcrossPgVersions
    void aConvergedServerPlansNoChangeForOtherUnitsAndSpellings(PgCluster pg) throws Exception {
        Spec written = spec(settings("work_mem", "128MB", "statement_timeout", "30s", "log_connections", "on",
                "log_min_messages", "warning", "random_page_cost", "1.5", "search_path", "\"$user\", public",
                "shared_buffers", "16MB"), SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, null);
        assertThat(converger(pg).apply(written, ApplyListener.NONE).succeeded()).isTrue();
        Spec respelled = Spec.builder()
                .server(ServerSpec.builder().listenAddresses(List.of(" 127.0.0.1".strip()))
                        .settings(settings("work_mem", "131072kB", "statement_timeout", "30000", "log_connections",
                                        "TRUE", "log_min_messages", "WARNING", "random_page_cost", "1.50",
                                        "search_path", "\"$user\",public", "shared_buffers", "2048"))
                        .strategy(SettingsStrategy.ALTER_SYSTEM).restart(RestartPolicy.IF_NEEDED).build()).build();

        Plan plan = converger(pg).plan(respelled);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.manualActions()).isEmpty();
    }

    /**
     * Values the server stores in its own spelling (time zones, encodings), archive_command while archive_mode is off
     * (pg_settings shows "(disabled)"), and empty values: each converges, and the next apply changes nothing.
     */
    @AcrossPgVersions
    void valuesTheServerRespellsHidesOrLeavesEmptyConverge(PgCluster pg) throws Exception {
        Spec first = spec(settings("TimeZone", "utc", "log_timezone", "europe/paris", "client_encoding", "UTF-8",
                "archive_command", "cp %p /nowhere/%f", "session_preload_libraries", "auto_explain"),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, null);
        Spec emptied = spec(settings("archive_command", "", "session_preload_libraries", ""),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, null);
        try {
            for (Spec spec : List.of(first, emptied)) {
                ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

                assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                        .isEqualTo(ConvergeResult.Outcome.CONVERGED);
                assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome())
                        .isEqualTo(ConvergeResult.Outcome.UNCHANGED);
            }
            assertThat(pg.psql("SELECT name || '=' || setting FROM pg_file_settings ORDER BY seqno DESC LIMIT 5"))
                    .contains("archive_command=\n").contains("TimeZone=utc").doesNotContain("session_preload_libraries");
            assertThat(pg.psql("SHOW log_timezone")).isEqualTo("Europe/Paris");
        } finally {
            pg.execute("ALTER SYSTEM RESET ALL");
            pg.execute("SELECT pg_reload_conf()");
        }
    }

    /** 14+ stores the list quoted ("/a", "/b"); 11–13 take it as one string only. */
    @AcrossPgVersions
    void aListOfSocketDirectoriesIsWrittenAsTheServerTakesItAndConverges(PgCluster pg) throws Exception {
        Path second = Files.createTempDirectory("pgstate-sockets");
        pg.serverUser().own(second);
        Spec spec = spec(settings("unix_socket_directories", pg.socketDir() + ", " + second),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, pg.restartCommand());
        try {
            ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

            assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(result.effects().restarted()).isTrue();
            assertThat(second.resolve(".s.PGSQL." + pg.port())).exists();
            assertThat(converger(pg).plan(spec).changes()).isEmpty();
            Spec quoted = spec(settings("unix_socket_directories", "\"" + pg.socketDir() + "\",\"" + second + "\""),
                    SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, pg.restartCommand());
            assertThat(converger(pg).plan(quoted).changes()).isEmpty();
            Spec slashed = spec(settings("unix_socket_directories", pg.socketDir() + "/, " + second + "/./"),
                    SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, pg.restartCommand());
            assertThat(converger(pg).plan(slashed).changes()).isEmpty();
        } finally {
            pg.execute("ALTER SYSTEM RESET unix_socket_directories");
            pg.restart();
        }
    }

    /** A DateStyle naming only its style or only its order keeps the server's other half, as the server does. */
    @AcrossPgVersions
    void aPartialDateStyleKeepsTheServersOtherHalf(PgCluster pg) throws Exception {
        String shown = pg.psql("SELECT setting FROM pg_file_settings WHERE name = 'datestyle' ORDER BY seqno DESC LIMIT 1");
        assertThat(shown).isEqualToIgnoringCase("iso, mdy"); // initdb's
        for (String same : List.of("ISO", "mdy", "MDY, ISO", "iso,us")) {
            assertThat(converger(pg).plan(spec(settings("DateStyle", same), SettingsStrategy.ALTER_SYSTEM,
                    RestartPolicy.IF_NEEDED, null)).changes()).as(same).isEmpty();
        }
        assertThat(converger(pg).plan(spec(settings("DateStyle", "German"), SettingsStrategy.ALTER_SYSTEM,
                RestartPolicy.IF_NEEDED, null)).changes()).singleElement().satisfies(change ->
                assertThat(change.attributes()).extracting(a -> a.before() + " -> " + a.after())
                        .containsExactly("ISO, MDY -> German, DMY"));
    }

    /** reset: ALTER SYSTEM RESET, or the line out of the drop-in; the default applies again and the plan is clean. */
    @AcrossPgVersions
    void aResetParameterGoesBackToItsDefault(PgCluster pg) throws Exception {
        includeConfD(pg);
        for (SettingsStrategy strategy : List.of(SettingsStrategy.ALTER_SYSTEM, SettingsStrategy.FILE)) {
            assertThat(converger(pg).apply(spec(settings("work_mem", "12MB"), strategy, RestartPolicy.IF_NEEDED, null),
                    ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
            Spec reset = Spec.builder()
                    .server(ServerSpec.builder().settings(Map.of()).strategy(strategy).restart(RestartPolicy.IF_NEEDED)
                            .reset(List.of("work_mem")).build()).build();

            ConvergeResult result = converger(pg).apply(reset, ApplyListener.NONE);

            assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(pg.psql("SELECT count(*) FROM pg_file_settings WHERE name = 'work_mem'")).isEqualTo("0");
            assertThat(pg.psql("SHOW work_mem")).isEqualTo("4MB");
            assertThat(converger(pg).plan(reset).changes()).isEmpty();
        }
    }

    /** In postgresql.conf only the block's line goes: an admin's line for the parameter above it applies again. */
    @AcrossPgVersions
    void aResetTakesTheAgentsLineOutOfTheBlockInPostgresqlConf(PgCluster pg) throws Exception {
        Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "work_mem = '8MB'\n");
        reload(pg);
        assertThat(converger(pg).apply(spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED,
                null), ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        Spec reset = Spec.builder().server(ServerSpec.builder().settings(Map.of()).strategy(SettingsStrategy.FILE)
                .restart(RestartPolicy.IF_NEEDED).reset(List.of("work_mem")).build()).build();

        ConvergeResult result = converger(pg).apply(reset, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(Files.readString(pg.configFile())).contains("work_mem = '8MB'\n").doesNotContain("12MB")
                .endsWith("settings: written by the agent; edit the spec, not these lines\n"
                        + "# END pgstate managed settings\n");
        assertThat(pg.psql("SHOW work_mem")).isEqualTo("8MB");
        assertThat(converger(pg).plan(reset).changes()).isEmpty();
    }

    @AcrossPgVersions
    void anInvalidValueIsRejectedWhenPlanningWithWhatTheParameterAccepts(PgCluster pg) {
        Spec spec = spec(settings("work_mem", "3TB", "log_min_messages", "loud", "wrk_mem", "1MB"),
                SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, null);

        assertThatThrownBy(() -> converger(pg).plan(spec)).isInstanceOf(PlanningException.class)
                .hasMessageContaining("server.settings.work_mem: 3TB is out of range: expected 64kB to 2147483647kB")
                .hasMessageContaining("server.settings.log_min_messages: expected one of debug5, ")
                .hasMessageContaining("server.settings.wrk_mem: unknown parameter \"wrk_mem\" on PostgreSQL "
                        + pg.majorVersion() + "; did you mean \"work_mem\"?");
    }

    @AcrossPgVersions
    void aFileTheServerRejectsIsRestoredByteForByteAndNeverReloaded(PgCluster pg) throws Exception {
        byte[] before = Files.readAllBytes(pg.configFile());
        String loaded = pg.psql(LOAD_TIME);
        // a string to the planner; only the server's time zone check knows Mars has none
        Spec spec = spec(settings("work_mem", "12MB", "timezone", "Mars/Olympus"), SettingsStrategy.FILE,
                RestartPolicy.IF_NEEDED, null);

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(result.applied().failure().orElseThrow().describe())
                .contains("postgresql.conf:").contains(": timezone: setting could not be applied (SQLSTATE F0000)")
                .contains("restored and not reloaded");
        assertThat(Files.readAllBytes(pg.configFile())).isEqualTo(before);
        assertThat(pg.psql(LOAD_TIME)).isEqualTo(loaded);
        assertThat(pg.psql("SHOW work_mem")).isEqualTo("4MB");
    }

    /**
     * The reload signal is never delivered: the files the settings went to (postgresql.auto.conf through ALTER
     * SYSTEM, the block in postgresql.conf) go back byte for byte with their owner and mode, so that the server,
     * still on its old values, does not take the new ones at the next reload someone else sends.
     */
    @AcrossPgVersions
    void aReloadTheServerNeverShowsPutsThePreviousSettingsFilesBack(PgCluster pg) throws Exception {
        ServerReload undelivered = new ServerReload(connection -> { }, Duration.ofSeconds(1));
        Map<SettingsStrategy, Path> files = Map.of(SettingsStrategy.ALTER_SYSTEM,
                pg.dataDir().resolve("postgresql.auto.conf"), SettingsStrategy.FILE, pg.configFile());
        for (SettingsStrategy strategy : List.of(SettingsStrategy.ALTER_SYSTEM, SettingsStrategy.FILE)) {
            Path file = files.get(strategy);
            byte[] before = Files.readAllBytes(file);
            PosixFileAttributes owner = Files.readAttributes(file, PosixFileAttributes.class);
            Spec spec = spec(settings("work_mem", "12MB"), strategy, RestartPolicy.IF_NEEDED, null);

            ConvergeResult result = converger(pg).withReload(undelivered).apply(spec, ApplyListener.NONE);

            assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
            assertThat(result.applied().failure().orElseThrow().describe())
                    .contains("the reload was not confirmed: the server did not reload its configuration within 1 s")
                    .contains("rolled back: the previous [").contains("] is back, but its reload was not confirmed "
                            + "either");
            assertThat(Files.readAllBytes(file)).as(strategy.toString()).isEqualTo(before);
            PosixFileAttributes now = Files.readAttributes(file, PosixFileAttributes.class);
            assertThat(List.of(now.owner(), now.group(), now.permissions()))
                    .isEqualTo(List.of(owner.owner(), owner.group(), owner.permissions()));
            reload(pg); // the signal the agent never got through: the server reads the files put back
            assertThat(pg.psql("SHOW work_mem")).isEqualTo("4MB");
            assertThat(converger(pg).plan(spec).changes()).hasSize(1);
        }
    }

    @AcrossPgVersions
    void theFileStrategyWritesABlockInPostgresqlConfKeepingItsOwner(PgCluster pg) throws Exception {
        PosixFileAttributes owner = Files.readAttributes(pg.configFile(), PosixFileAttributes.class);
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);

        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);

        assertThat(Files.readString(pg.configFile())).endsWith("\n# BEGIN pgstate managed settings: written by the agent;"
                + " edit the spec, not these lines\nwork_mem = '12MB'\n# END pgstate managed settings\n");
        PosixFileAttributes now = Files.readAttributes(pg.configFile(), PosixFileAttributes.class);
        assertThat(List.of(now.owner(), now.group(), now.permissions()))
                .isEqualTo(List.of(owner.owner(), owner.group(), owner.permissions()));
        assertThat(pg.psql("SHOW work_mem")).isEqualTo("12MB");
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void theFileStrategyUsesADropInWhenTheConfigHasAnIncludeDir(PgCluster pg) throws Exception {
        Path confD = includeConfD(pg);
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);

        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);

        Path dropIn = confD.resolve("zz-pgstate.conf");
        assertThat(Files.readString(dropIn)).endsWith("\nwork_mem = '12MB'\n");
        assertThat(Files.getOwner(dropIn)).isEqualTo(Files.getOwner(pg.configFile()));
        assertThat(pg.psql("SELECT sourcefile, setting FROM pg_settings WHERE name = 'work_mem'"))
                .isEqualTo(dropIn + "|12288");
    }

    /**
     * The drop-in goes into an include_dir of another OS user: the plan refuses it, naming the directory, and the
     * apply changes nothing (the plan was silent, and the apply then wrote into a directory whose owner could swap
     * the file or plant a link the agent writes through, or failed midway where the agent may not write). As root
     * the directory is given to a real user other than the server's; as anyone else it is root's {@code /proc},
     * which the server reads (no {@code *.conf} in it) and the agent may not write in.
     */
    @AcrossPgVersions
    void anIncludeDirOfAnotherUserIsRefusedWhenPlanning(PgCluster pg) throws Exception {
        Path confD;
        String why;
        Optional<ServerUser> another = ServerUser.another();
        if (another.isPresent()) {
            confD = includeConfD(pg);
            Files.deleteIfExists(confD.resolve("zz-pgstate.conf")); // an earlier test's on this cluster
            another.get().own(confD);
            why = confD + " belongs to " + another.get().name() + " (uid ";
        } else {
            confD = Path.of("/proc");
            Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "include_dir = '/proc'\n");
            why = "the agent's user (uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid")
                    + ") cannot create files in /proc";
        }
        reload(pg);
        String workMem = pg.psql("SHOW work_mem");
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);

        assertThatThrownBy(() -> converger(pg).plan(spec)).isInstanceOf(PlanningException.class)
                .hasMessageContaining("server.strategy: file writes " + confD.resolve("zz-pgstate.conf")
                        + " into the include_dir " + confD + ", where the agent may not write: " + why);
        assertThatThrownBy(() -> converger(pg).apply(spec, ApplyListener.NONE)).isInstanceOf(PlanningException.class);
        assertThat(confD.resolve("zz-pgstate.conf")).doesNotExist();
        assertThat(pg.psql("SHOW work_mem")).isEqualTo(workMem).isNotEqualTo("12MB");
    }

    /**
     * A drop-in that cannot be read or written (a full disk in the walk-through, a directory in its place here) fails
     * its settings as a change, naming the file, and the apply reports it: it once escaped the apply as a bare "No
     * space left on device" (or "Is a directory"), with no report of what was applied.
     */
    @AcrossPgVersions
    void aDropInThatCannotBeWrittenFailsItsSettingsNamingTheFile(PgCluster pg) throws Exception {
        Path dropIn = Files.createDirectory(includeConfD(pg).resolve("zz-pgstate.conf"));
        reload(pg);
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);

        try {
            ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

            assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
            assertThat(result.applied().failure().orElseThrow().describe())
                    .startsWith("setting.work_mem: ").endsWith(": cannot read " + dropIn + ": Is a directory");
            assertThat(pg.psql("SHOW work_mem")).isEqualTo("4MB");
        } finally {
            Files.delete(dropIn); // the cluster is shared with the next test, which may use conf.d too
        }
    }

    /**
     * The agent's drop-in deleted after its reload: pg_settings still shows the spec's value, so the plan once showed
     * no change, and the next reload (anyone's) silently reverted it. The files say otherwise, and that is drift: the
     * plan writes the drop-in again, and its reload changes nothing the server runs with.
     */
    @AcrossPgVersions
    void aDeletedDropInIsDriftThoughTheServerStillRunsItsValues(PgCluster pg) throws Exception {
        Path dropIn = includeConfD(pg).resolve("zz-pgstate.conf");
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);
        try {
            assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome())
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            Files.delete(dropIn);

            Plan plan = converger(pg).plan(spec);

            assertThat(pg.psql("SHOW work_mem")).isEqualTo("12MB");
            assertThat(plan.changes()).extracting(c -> c.address().toString()).containsExactly("setting.work_mem");
            assertThat(plan.changes().get(0).attributes().get(0).before())
                    .isEqualTo("12MB now; reverts at the next reload (zz-pgstate.conf does not hold it)");
            assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome())
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(Files.readString(dropIn)).endsWith("\nwork_mem = '12MB'\n");
            assertThat(converger(pg).plan(spec).changes()).isEmpty();
            reload(pg);
            assertThat(pg.psql("SHOW work_mem")).isEqualTo("12MB");
        } finally {
            Files.deleteIfExists(dropIn); // the cluster is shared with the next test, which may use conf.d too
        }
    }

    /** The same hole with ALTER SYSTEM: the agent's line taken out of postgresql.auto.conf by hand, not reloaded. */
    @AcrossPgVersions
    void aLineTakenOutOfTheAutoConfByHandIsDriftThoughTheServerStillRunsIt(PgCluster pg) throws Exception {
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, null);
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        Path autoConf = pg.dataDir().resolve("postgresql.auto.conf");
        Files.write(autoConf, Files.readAllLines(autoConf).stream().filter(line -> !line.startsWith("work_mem")).toList());

        Plan plan = converger(pg).plan(spec);

        assertThat(pg.psql("SHOW work_mem")).isEqualTo("12MB");
        assertThat(plan.changes()).extracting(c -> c.address().toString()).containsExactly("setting.work_mem");
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(Files.readAllLines(autoConf)).contains("work_mem = '12MB'");
        assertThat(converger(pg).plan(spec).changes()).isEmpty();
    }

    /**
     * postgresql.conf already holds a line the server rejects, before the agent writes anything: the failure names
     * that file and line as already there, not the agent's drop-in as rejected (it was), and nothing is written nor
     * reloaded.
     */
    @AcrossPgVersions
    void anErrorAlreadyInAnotherConfigFileIsNamedWhereItIsAndNothingIsWritten(PgCluster pg) throws Exception {
        Path confD = includeConfD(pg);
        Files.deleteIfExists(confD.resolve("zz-pgstate.conf")); // an earlier test's on this cluster
        Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "log_min_messages = loud\n");
        int badLine = (int) Files.readString(pg.configFile()).lines().count();
        byte[] before = Files.readAllBytes(pg.configFile());
        String loaded = pg.psql(LOAD_TIME);
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(result.applied().failure().orElseThrow().describe())
                .contains("the config files already hold lines the server rejects, so " + confD.resolve("zz-pgstate.conf")
                        + " was not written and nothing was reloaded (fix them first): " + pg.configFile() + ":"
                        + badLine + ": log_min_messages: setting could not be applied")
                .doesNotContain("rejects the new");
        assertThat(confD.resolve("zz-pgstate.conf")).doesNotExist();
        assertThat(Files.readAllBytes(pg.configFile())).isEqualTo(before);
        assertThat(pg.psql(LOAD_TIME)).isEqualTo(loaded);
        assertThat(pg.psql("SHOW work_mem")).isEqualTo("4MB");
    }

    /**
     * A line the server rejects inside the agent's own block in postgresql.conf (written by hand, or valid before an
     * upgrade) is the agent's to replace, as its drop-in is: the write that replaces it goes ahead and converges, and
     * only a line outside the block would stop it.
     */
    @AcrossPgVersions
    void anErrorInsideTheAgentsBlockInPostgresqlConfIsReplacedNotBlamedOnTheConfig(PgCluster pg) throws Exception {
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        Files.writeString(pg.configFile(), Files.readString(pg.configFile()).replace("work_mem = '12MB'\n",
                "work_mem = 'lots'\n"));
        reload(pg);
        assertThat(pg.psql("SELECT count(*) FROM pg_file_settings WHERE error IS NOT NULL")).isEqualTo("1");

        Spec more = spec(settings("work_mem", "16MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);

        ConvergeResult result = converger(pg).apply(more, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(Files.readString(pg.configFile())).contains("\nwork_mem = '16MB'\n# END pgstate managed settings\n")
                .doesNotContain("'lots'");
        assertThat(pg.psql("SHOW work_mem")).isEqualTo("16MB");
    }

    /**
     * postgresql.conf is a link to the server's file in a directory of another OS user, where its block would be
     * written: the plan refuses, naming that directory, and nothing is written (the plan was silent, and the apply
     * wrote where that user could swap the file). As root the directory is given to a real user other than the
     * server's; as anyone else it is one the agent may not create files in (mode 0555).
     */
    @AcrossPgVersions
    void aBlockInPostgresqlConfInADirectoryOfAnotherUserIsRefusedWhenPlanning(PgCluster pg) throws Exception {
        Path elsewhere = Files.createDirectory(pg.dataDir().resolveSibling("conf-elsewhere-" + pg.majorVersion()));
        Path real = elsewhere.resolve("postgresql.conf");
        Files.move(pg.configFile(), real);
        Files.createSymbolicLink(pg.configFile(), real);
        try {
            String why;
            Optional<ServerUser> another = ServerUser.another();
            if (another.isPresent()) {
                Files.setOwner(elsewhere, elsewhere.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(another.get().name()));
                why = elsewhere.toRealPath() + " belongs to " + another.get().name() + " (uid ";
            } else {
                Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("r-xr-xr-x"));
                why = "the agent's user (uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid")
                        + ") cannot create files in " + elsewhere.toRealPath();
            }
            byte[] before = Files.readAllBytes(real);
            Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);

            assertThatThrownBy(() -> converger(pg).plan(spec)).isInstanceOf(PlanningException.class)
                    .hasMessageContaining("server.strategy: file writes its block into " + pg.configFile()
                            + ", where the agent may not write: " + why);
            assertThatThrownBy(() -> converger(pg).apply(spec, ApplyListener.NONE))
                    .isInstanceOf(PlanningException.class);
            assertThat(Files.readAllBytes(real)).isEqualTo(before);
            assertThat(pg.psql("SHOW work_mem")).isNotEqualTo("12MB");
        } finally {
            Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwx------"));
            Files.delete(pg.configFile());
            Files.move(real, pg.configFile());
            Files.delete(elsewhere);
        }
    }

    @AcrossPgVersions
    void anAlterSystemByHandOverAFileManagedValueIsReportedWithItsFileAndLine(PgCluster pg) throws Exception {
        Spec spec = spec(settings("work_mem", "12MB"), SettingsStrategy.FILE, RestartPolicy.IF_NEEDED, null);
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).succeeded()).isTrue();
        pg.execute("ALTER SYSTEM SET work_mem = '20MB'");
        reload(pg);

        Plan plan = converger(pg).plan(spec);

        assertThat(plan.changes()).isEmpty();
        Path autoConf = pg.dataDir().resolve("postgresql.auto.conf");
        int line = Files.readAllLines(autoConf).indexOf("work_mem = '20MB'") + 1;
        assertThat(plan.manualActions()).extracting(ManualAction::address, ManualAction::expected, ManualAction::found)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        SettingKind.address("work_mem"), "12MB", "20MB"));
        assertThat(plan.manualActions().get(0).reason()).startsWith("overridden by " + autoConf + ":" + line
                + " (work_mem = '20MB'), which the server reads after " + pg.configFile());
    }

    /**
     * ALTER ROLE/DATABASE … SET and the agent's own session (pgjdbc sends application_name) change what the agent's
     * pg_settings shows, not the server's value: none of it is drift, and the overrides are named in the plan.
     */
    @AcrossPgVersions
    void roleAndDatabaseSettingsAndTheAgentsOwnSessionAreNotDriftOfTheServerValue(PgCluster pg) throws Exception {
        pg.execute("ALTER ROLE postgres SET work_mem = '1MB'");
        pg.execute("ALTER DATABASE postgres SET statement_timeout = '5s'");
        pg.execute("CREATE ROLE plain LOGIN");
        try {
            Spec spec = spec(settings("work_mem", "64MB", "statement_timeout", "30s", "application_name", "box"),
                    SettingsStrategy.ALTER_SYSTEM, RestartPolicy.IF_NEEDED, null);

            ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

            assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            try (Connection fresh = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port()
                    + "/template1?user=plain&sslmode=disable")) {
                assertThat(show(fresh, "work_mem")).isEqualTo("64MB");
                assertThat(show(fresh, "statement_timeout")).isEqualTo("30s");
            }
            assertThat(pg.psql("SELECT setting FROM pg_file_settings WHERE name = 'application_name'")).isEqualTo("box");
            Plan again = converger(pg).plan(spec);
            assertThat(again.changes()).isEmpty();
            assertThat(again.warnings()).extracting(w -> w.address().toString(), w -> w.message()).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("setting.statement_timeout", "database \"postgres\" sets "
                            + "statement_timeout = '5s' (ALTER DATABASE … SET), which its sessions get instead of 30s"),
                    org.assertj.core.groups.Tuple.tuple("setting.work_mem", "role \"postgres\" sets work_mem = '1MB' "
                            + "(ALTER ROLE … SET), which its sessions get instead of 64MB"));
            assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome())
                    .isEqualTo(ConvergeResult.Outcome.UNCHANGED);
        } finally {
            pg.execute("ALTER DATABASE postgres RESET statement_timeout");
        }
    }

    /** postgresql.conf gets {@code include_dir = 'conf.d'}, the directory made and given to the server's user. */
    private static Path includeConfD(PgCluster pg) throws java.io.IOException {
        Path confD = Files.createDirectories(pg.dataDir().resolve("conf.d"));
        pg.serverUser().own(confD);
        Files.writeString(pg.configFile(), Files.readString(pg.configFile()) + "include_dir = 'conf.d'\n");
        return confD;
    }

    private static String show(Connection connection, String parameter) throws java.sql.SQLException {
        try (var statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW " + parameter)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void reload(PgCluster pg) throws InterruptedException {
        String before = pg.psql(LOAD_TIME);
        pg.execute("SELECT pg_reload_conf()");
        for (int i = 0; i < 100 && pg.psql(LOAD_TIME).equals(before); i++) {
            Thread.sleep(50);
        }
    }

    private static Map<String, String> settings(String... nameValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            settings.put(nameValues[i], nameValues[i + 1]);
        }
        return settings;
    }

    private static Spec spec(Map<String, String> settings, SettingsStrategy strategy, RestartPolicy restart,
                             String restartCommand) {
        return Spec.builder()
                .server(ServerSpec.builder().settings(settings).strategy(strategy).restart(restart)
                        .restartCommand(restartCommand).build()).build();
    }

    private static Converger converger(PgCluster cluster) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", cluster.port(), cluster.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
