package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.Applier;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.apply.ConfigSnapshot;
import dev.pgstate.reconcilers.core.apply.DatabaseConnections;
import dev.pgstate.reconcilers.core.apply.EffectFailedException;
import dev.pgstate.reconcilers.core.apply.EffectsResult;
import dev.pgstate.reconcilers.core.apply.RestartCommand;
import dev.pgstate.reconcilers.core.apply.ServerEffects;
import dev.pgstate.reconcilers.core.apply.ServerReload;
import dev.pgstate.reconcilers.core.apply.ServerProcess;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.kind.role.Verifiers;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.kind.hba.HbaReconciler;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.setting.AlterSetting;
import dev.pgstate.reconcilers.kind.tls.InstallTlsFiles;
import dev.pgstate.reconcilers.kind.hba.RewriteHbaFile;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.kind.setting.SettingTarget;
import dev.pgstate.reconcilers.core.sql.ServerError;
import dev.pgstate.reconcilers.kind.tls.Fingerprint;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import dev.pgstate.reconcilers.kind.tls.ServedCertificate;
import dev.pgstate.reconcilers.kind.tls.TlsInstallation;
import dev.pgstate.reconcilers.kind.tls.TlsInstaller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One apply of a plan, under the lock the {@link Converger} holds, as a row of steps: TLS files, the SQL changes,
 * the reload or restart they need, the check that the server serves the new certificate, pg_hba.conf (its rules may
 * name the roles and databases just created), and the re-read that shows whether the server now matches. The first
 * step that fails ends the run with its result; what the steps did so far is kept here for the ones after it.
 */
final class ApplyRun {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyRun.class);
    /** How long a reload may take to put the new certificate in front of clients. */
    private static final Duration TLS_PATIENCE = Duration.ofSeconds(5);
    private static final String CANNOT_KEEP_SETTINGS = "cannot keep the previous settings files; nothing was changed";

    /** One step: empty to go on, or the result the apply ends with. */
    private interface Step {
        Optional<ConvergeResult> run() throws SQLException;
    }

    /** Plans again on the server as the steps left it, reached through {@code afterwards}. */
    interface Replanner {
        Plan planAgain(Connector afterwards) throws SQLException;
    }

    private final Connector connector;
    private final ApplyListener listener;
    private final AtomicFile.BeforeRename tlsFileHook;
    private final ServerReload reload;
    private final Planner planner;
    private final Spec spec;
    private final LiveState before;
    private final ResolvedTls tls;
    private final Plan plan;
    private final Optional<InstallTlsFiles> tlsFiles;
    private final Optional<RewriteHbaFile> hba;

    private final List<Change> done = new ArrayList<>();
    private ApplyResult applied;
    private EffectsResult effects = EffectsResult.none();
    private ConfigSnapshot previousSettings = ConfigSnapshot.NONE;
    private TlsInstallation installedTls = TlsInstallation.NONE;
    private Connector afterwards;

    ApplyRun(Connector connector, ApplyListener listener, AtomicFile.BeforeRename tlsFileHook, ServerReload reload,
             Planner planner, Spec spec, LiveState before, ResolvedTls tls, Plan plan) {
        this.connector = connector;
        this.listener = listener;
        this.tlsFileHook = tlsFileHook;
        this.reload = reload;
        this.planner = planner;
        this.spec = spec;
        this.before = before;
        this.tls = tls;
        this.plan = plan;
        this.tlsFiles = only(plan, InstallTlsFiles.class);
        this.hba = only(plan, RewriteHbaFile.class);
        this.afterwards = connector;
    }

    ConvergeResult run(Replanner replanner) throws SQLException {
        List<Step> steps = List.of(this::installTlsFiles, this::applySql, this::performEffects,
                this::confirmTlsServed, this::rewriteHba);
        for (Step step : steps) {
            Optional<ConvergeResult> stopped = step.run();
            if (stopped.isPresent()) {
                return stopped.get();
            }
        }
        applied = applied.withAlsoApplied(plan.changes()); // the TLS files and pg_hba.conf too
        if (!applied.succeeded()) {
            return ConvergeResult.failed(plan, applied, effects);
        }
        Plan remaining = replanner.planAgain(afterwards);
        if (remaining.hasChanges() && !Converger.onlyAwaitingRestart(spec, remaining)) {
            LOG.warn("the server still differs from the spec after apply: {} changes left", remaining.changes().size());
            return ConvergeResult.notConverged(plan, applied, effects, remaining);
        }
        return ConvergeResult.converged(plan, applied, effects);
    }

    /** First, so that the reload after the SQL changes picks the new files up. */
    private Optional<ConvergeResult> installTlsFiles() {
        if (tlsFiles.isEmpty()) {
            return Optional.empty();
        }
        Path dataDirectory = before.settings().files().dataDirectory();
        try {
            GroupPrincipal group = Files.readAttributes(dataDirectory, PosixFileAttributes.class).group();
            installedTls = TlsInstallation.install(tlsFiles.get().files(), tls.caChanges(),
                    new TlsInstaller(group, tlsFileHook));
            done.add(tlsFiles.get());
            return Optional.empty();
        } catch (TlsInstallation.Failed e) {
            return tlsNotInstalled(e.getMessage());
        } catch (IOException e) {
            return tlsNotInstalled("cannot read the data directory " + dataDirectory + ": " + e);
        }
    }

    private Optional<ConvergeResult> tlsNotInstalled(String why) {
        ApplyResult.Failure failure = new ApplyResult.Failure(tlsFiles.orElseThrow(), new LocalFault(why), "");
        return failed(ApplyResult.failed(List.of(), failure, List.of(), plan.changes()));
    }

    /**
     * Changes that failed, and those that need them, are reported when the run ends; the others go on to their
     * reload or restart and pg_hba.conf as usual. The checking plan afterwards knows each new verifier matches its
     * secret without a PBKDF2.
     */
    private Optional<ConvergeResult> applySql() {
        List<Change> sql = Verifiers.made(plan.changes().stream()
                .filter(c -> c.execution() != Execution.RUN).toList(),
                planner::rememberMatch);
        Optional<ConvergeResult> notKept = keepPreviousSettings(sql);
        if (notKept.isPresent()) {
            return notKept;
        }
        applied = new Applier(connections(connector), before.server(), listener).apply(sql);
        done.addAll(0, applied.applied()); // the TLS files' reload is among the effects either way
        afterwards = connectorAfter(applied);
        return Optional.empty();
    }

    /**
     * Before settings are written, the files they go to are kept: the way back if the server does not show their
     * reload, or does not come back from their restart. Before a restart the copies are also kept on disk: a run
     * killed before its restart left the values on disk and its kept copies, younger than the server's start, which
     * are then the previous configuration.
     */
    private Optional<ConvergeResult> keepPreviousSettings(List<Change> sql) {
        List<AlterSetting> settings = sql.stream().filter(AlterSetting.class::isInstance).map(AlterSetting.class::cast)
                .toList();
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        List<SettingTarget> targets = settings.stream().map(AlterSetting::target).distinct().toList();
        List<Path> files = targets.stream().map(SettingTarget::file).toList();
        Path configFile = targets.get(0).configFile();
        try {
            if (spec.server().restart() == RestartPolicy.IF_NEEDED
                    && settings.stream().anyMatch(s -> s.effect() == Effect.RESTART)) {
                previousSettings = ConfigSnapshot.keep(files, configFile, postmasterStarted());
            } else {
                previousSettings = ConfigSnapshot.read(files, configFile);
            }
            return Optional.empty();
        } catch (IOException e) {
            return failed(ApplyResult.failed(done, new ApplyResult.Failure(settings.get(0),
                    new LocalFault(CANNOT_KEEP_SETTINGS + ": " + e), ""), List.of(), sql));
        } catch (SQLException e) {
            return failed(ApplyResult.failed(done, new ApplyResult.Failure(settings.get(0), ServerError.of(e),
                    "(" + CANNOT_KEEP_SETTINGS + ")"), List.of(), sql));
        }
    }

    private Instant postmasterStarted() throws SQLException {
        try (Connection connection = connector.connect();
             Statement statement = connection.createStatement();
             ResultSet started = statement.executeQuery("SELECT pg_catalog.pg_postmaster_start_time()")) {
            started.next();
            return started.getTimestamp(1).toInstant();
        }
    }

    private Optional<ConvergeResult> performEffects() {
        String configured = spec.server().restartCommand();
        ServerProcess server = ServerProcess.of(before.settings().files().dataDirectory());
        RestartCommand command = configured != null ? new RestartCommand(configured)
                : RestartCommand.platformDefault(before.settings().files(), RestartCommand::onPath, server);
        // the TLS files go back with the settings: a server that never showed the reload may read them at any time
        ServerEffects.Rollback rollback = new ServerEffects.Rollback(
                previousSettings.withOwnFilesOf(installedTls.previousFiles()),
                RestartCommand.platformStart(before.settings().files(), RestartCommand::onPath, server),
                server.logFile());
        try {
            effects = new ServerEffects(connections(connector), connections(afterwards), spec.server().restart(),
                    command, rollback, reload).perform(done);
            previousSettings.discard();
            return Optional.empty();
        } catch (EffectFailedException e) {
            if (e.isRolledBack()) {
                discardKeptSettings();
                installedTls.rollBackCa(); // the files it was for are back: told in the log when it cannot be
            }
            return failed(EffectFailures.asApplyResult(done, e));
        } catch (IOException e) {
            LOG.warn("the restart is done, but the kept copies of {} stay: {}", previousSettings, e.getMessage());
            return Optional.empty();
        }
    }

    /** A server left down keeps them: they are what a person puts back. */
    private void discardKeptSettings() {
        try {
            previousSettings.discard();
        } catch (IOException e) {
            LOG.warn("the kept copies of {} stay: {}", previousSettings, e.getMessage());
        }
    }

    /**
     * SHOW ssl says on even when a failed reload left the server on its previous TLS context: only a handshake
     * shows which certificate it serves.
     */
    private Optional<ConvergeResult> confirmTlsServed() {
        boolean tlsSettingChanged = plan.changes().stream().anyMatch(c -> c.kind() == Kind.SETTING
                && tls.settings().containsKey(c.address().names().get(0)));
        if (tlsFiles.isEmpty() && !tlsSettingChanged) {
            return Optional.empty();
        }
        ProbeTarget target = ProbeTarget.of(afterwards, before);
        Change blamed = tlsFiles.<Change>map(c -> c).orElseGet(() -> plan.changes().get(0));
        Optional<ApplyResult.Failure> notServed;
        try (Connection connection = afterwards.connect()) {
            notServed = new ServedCertificate(target.host(), target.port(), TLS_PATIENCE)
                    .mismatch(Fingerprint.of(tls.certificate()), connection, before.settings().files().dataDirectory())
                    .map(message -> new ApplyResult.Failure(blamed,
                            new LocalFault(message), ""));
        } catch (SQLException e) {
            notServed = Optional.of(new ApplyResult.Failure(blamed, ServerError.of(e), ""));
        }
        return notServed.flatMap(failure -> failed(ApplyResult.failed(done, failure, List.of(), List.of())));
    }

    /** The rewrite reloads the server itself. */
    private Optional<ConvergeResult> rewriteHba() throws SQLException {
        if (hba.isEmpty()) {
            return Optional.empty();
        }
        try (Connection current = afterwards.connect()) { // a restart ended the first session
            Optional<ApplyResult.Failure> failure = new HbaReconciler(afterwards, listener, reload)
                    .apply(current, hba.get(), before.hba().grammar());
            if (failure.isPresent()) {
                return failed(ApplyResult.failed(done, failure.get(), List.of(), List.of()));
            }
        }
        effects = effects.withReload();
        return Optional.empty();
    }

    /** A step failed: the run ends with its failure, after those of the SQL changes, if any. */
    private Optional<ConvergeResult> failed(ApplyResult result) {
        return Optional.of(ConvergeResult.failed(plan, applied == null ? result : applied.followedBy(result),
                effects));
    }

    /**
     * After a port change the server answers on the new port only: reconnect there. Later runs must be told the
     * new port too (connection.port, PGPORT or --port), which the plan flags with may-lock-out.
     */
    private Connector connectorAfter(ApplyResult applied) {
        return applied.applied().stream()
                .filter(AlterSetting.class::isInstance).map(AlterSetting.class::cast)
                .map(AlterSetting::newPort).filter(OptionalInt::isPresent).findFirst()
                .map(port -> new Connector(connector.settings().withPort(port.getAsInt())))
                .orElse(connector);
    }

    private static <C extends Change> Optional<C> only(Plan plan, Class<C> type) {
        return plan.changes().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private static DatabaseConnections connections(Connector connector) {
        return new DatabaseConnections() {
            @Override
            public Connection open(String database) {
                return connector.connect(database);
            }

            @Override
            public String maintenanceDatabase() {
                return connector.settings().database();
            }
        };
    }
}
