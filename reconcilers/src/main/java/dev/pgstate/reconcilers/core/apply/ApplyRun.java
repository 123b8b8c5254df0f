package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.core.live.ConfigFiles;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Preparation;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One apply of a plan, under the lock the caller holds, in the order the changes' executions give: the files put in
 * place before the SQL changes ({@link Execution#FILES_BEFORE_EFFECTS}), the SQL changes in the plan's order, the
 * one reload or restart they need, the {@link Confirmation}s that the server took them up, then the files rewritten
 * after all that ({@link Execution#FILE_THEN_RELOAD}: their lines may name what the SQL created). The first step
 * that fails ends the run with its result; what the steps did so far is kept here for the ones after it. Which kind
 * a change is of, the run never asks.
 */
public final class ApplyRun {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyRun.class);
    private static final String CANNOT_KEEP_SETTINGS = "cannot keep the previous settings files; nothing was changed";

    /**
     * What the run works with.
     *
     * @param connector reaches the server as the run starts
     * @param fileHook  runs as each file a {@link FileChange} writes is about to appear; tests spoil one with it
     * @param host      the box the engine runs on, for a platform's restart command
     */
    public record Means(Connector connector, ApplyListener listener, AtomicFile.BeforeRename fileHook,
                        ServerReload reload, Host host) {
    }

    /** How the run ended: what was applied or failed, the reload or restart done, and how to reach the server now. */
    public record Outcome(ApplyResult applied, EffectsResult effects, Connector afterwards) {
    }

    /** One step: empty to go on, or the result the apply ends with. */
    private interface Step {
        Optional<ApplyResult> run() throws SQLException;
    }

    private final Means means;
    private final ServerSpec serverSpec;
    private final ServerInfo server;
    private final ConfigFiles files;
    private final Plan plan;
    private final Preparation preparation;
    private final List<Confirmation> confirmations;

    private final List<Change> done = new ArrayList<>();
    private ApplyResult applied;
    private EffectsResult effects = EffectsResult.none();
    private ConfigSnapshot previousSettings = ConfigSnapshot.NONE;
    private final FileRollbacks fileRollbacks = new FileRollbacks();
    private Connector afterwards;

    /**
     * @param serverSpec    whether and how the server may be restarted
     * @param server        the server as read before the plan
     * @param files         where its config files and data directory are
     * @param preparation   makes SQL changes ready just before they run (passwords' verifiers made)
     * @param confirmations run once the reload or restart is done
     */
    public ApplyRun(Means means, ServerSpec serverSpec, ServerInfo server, ConfigFiles files, Plan plan,
                    Preparation preparation, List<Confirmation> confirmations) {
        this.means = means;
        this.serverSpec = serverSpec;
        this.server = server;
        this.files = files;
        this.plan = plan;
        this.preparation = preparation;
        this.confirmations = List.copyOf(confirmations);
        this.afterwards = means.connector();
    }

    public Outcome run() throws SQLException {
        List<Step> steps = List.of(this::filesBeforeEffects, this::applySql, this::performEffects, this::confirm,
                this::filesThenReload);
        for (Step step : steps) {
            Optional<ApplyResult> stopped = step.run();
            if (stopped.isPresent()) {
                return new Outcome(applied == null ? stopped.get() : applied.followedBy(stopped.get()), effects,
                        afterwards);
            }
        }
        return new Outcome(applied.withAlsoApplied(plan.changes()), effects, afterwards); // the files too
    }

    /** First, so that the reload after the SQL changes picks the new files up. */
    private Optional<ApplyResult> filesBeforeEffects() throws SQLException {
        for (FileChange change : fileChanges(Execution.FILES_BEFORE_EFFECTS)) {
            Optional<ApplyResult.Failure> failure = change.carryOut(fileRun(means.connector()));
            if (failure.isPresent()) {
                // what comes after: the SQL changes run after these files; the failed one is a failure, not this
                List<Change> notAttempted = plan.changes().stream()
                        .filter(c -> !done.contains(c) && c != change).toList();
                return Optional.of(ApplyResult.failed(List.copyOf(done), failure.get(), List.of(), notAttempted));
            }
            done.add(change);
        }
        return Optional.empty();
    }

    /**
     * Changes that failed, and those that need them, are reported when the run ends; the others go on to their
     * reload or restart and the files after them as usual.
     */
    private Optional<ApplyResult> applySql() {
        List<Change> sql = plan.changes().stream().filter(c -> c.execution().byApplier()).toList();
        Optional<ApplyResult> notKept = keepPreviousSettings(sql);
        if (notKept.isPresent()) {
            return notKept;
        }
        applied = new Applier(connections(means.connector()), server, means.listener(), preparation).apply(sql);
        done.addAll(0, applied.applied()); // the files' reload is among the effects either way
        afterwards = connectorAfter(applied);
        return Optional.empty();
    }

    /**
     * Before config files are written, they are kept: the way back if the server does not show their reload, or
     * does not come back from their restart. Before a restart the copies are also kept on disk: a run killed before
     * its restart left the values on disk and its kept copies, younger than the server's start, which are then the
     * previous configuration.
     */
    private Optional<ApplyResult> keepPreviousSettings(List<Change> sql) {
        List<Change> editing = sql.stream().filter(c -> c.configFile().isPresent()).toList();
        if (editing.isEmpty()) {
            return Optional.empty();
        }
        List<Path> edited = editing.stream().map(c -> c.configFile().orElseThrow()).distinct().toList();
        try {
            if (serverSpec.restart() == RestartPolicy.IF_NEEDED
                    && editing.stream().anyMatch(c -> c.effect() == Effect.RESTART)) {
                previousSettings = ConfigSnapshot.keep(edited, files.configFile(), postmasterStarted());
            } else {
                previousSettings = ConfigSnapshot.read(edited, files.configFile());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(ApplyResult.failed(done, new ApplyResult.Failure(editing.get(0),
                    new LocalFault(CANNOT_KEEP_SETTINGS + ": " + FileFaults.describe(e)), ""), List.of(), sql));
        } catch (UncheckedIOException e) { // the message names the file
            return Optional.of(ApplyResult.failed(done, new ApplyResult.Failure(editing.get(0),
                    new LocalFault(CANNOT_KEEP_SETTINGS + ": " + e.getMessage()), ""), List.of(), sql));
        } catch (SQLException e) {
            return Optional.of(ApplyResult.failed(done, new ApplyResult.Failure(editing.get(0), ServerError.of(e),
                    "(" + CANNOT_KEEP_SETTINGS + ")"), List.of(), sql));
        }
    }

    private Instant postmasterStarted() throws SQLException {
        try (Connection connection = means.connector().connect();
             Statement statement = connection.createStatement();
             ResultSet started = statement.executeQuery("SELECT pg_catalog.pg_postmaster_start_time()")) {
            started.next();
            return started.getTimestamp(1).toInstant();
        }
    }

    private Optional<ApplyResult> performEffects() {
        String configured = serverSpec.restartCommand();
        ServerProcess process = ServerProcess.of(files.dataDirectory());
        RestartCommand command = configured != null ? new RestartCommand(configured)
                : RestartCommand.platformDefault(files, means.host(), process);
        // files written before the effects go back with the settings: a server that never showed the reload may read them
        ServerEffects.Rollback rollback = new ServerEffects.Rollback(fileRollbacks.withSettings(previousSettings),
                RestartCommand.platformStart(files, means.host(), process), process.logFile());
        try {
            effects = new ServerEffects(connections(means.connector()), connections(afterwards),
                    serverSpec.restart(), command, rollback, means.reload()).perform(done);
            previousSettings.discard();
            return Optional.empty();
        } catch (EffectFailedException e) {
            if (e.isRolledBack()) {
                discardKeptSettings();
                fileRollbacks.filesRestored();
            }
            return Optional.of(EffectFailures.asApplyResult(done, e, fileRollbacks.keptBy()));
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

    private Optional<ApplyResult> confirm() {
        for (Confirmation confirmation : confirmations) {
            Optional<ApplyResult.Failure> failure = confirmation.confirm(fileRun(afterwards));
            if (failure.isPresent()) {
                return Optional.of(ApplyResult.failed(done, failure.get(), List.of(), List.of()));
            }
        }
        return Optional.empty();
    }

    /** Each reloads the server itself, once the server has checked its file; a restart ended the first session. */
    private Optional<ApplyResult> filesThenReload() throws SQLException {
        for (FileChange change : fileChanges(Execution.FILE_THEN_RELOAD)) {
            Optional<ApplyResult.Failure> failure = change.carryOut(fileRun(afterwards));
            if (failure.isPresent()) {
                return Optional.of(ApplyResult.failed(done, failure.get(), List.of(), List.of()));
            }
            effects = effects.withReload();
        }
        return Optional.empty();
    }

    private List<FileChange> fileChanges(Execution execution) {
        return plan.changes().stream().filter(c -> c.execution() == execution).map(FileChange.class::cast).toList();
    }

    private FileRun fileRun(Connector connector) {
        return new FileRun(connector, means.listener(), means.fileHook(), means.reload(), files, fileRollbacks);
    }

    /**
     * After a port change the server answers on the new port only: reconnect there. Later runs must be told the
     * new port too (connection.port, PGPORT or --port), which the plan flags with may-lock-out.
     */
    private Connector connectorAfter(ApplyResult applied) {
        Connector connector = means.connector();
        return applied.applied().stream().map(Change::newPort).filter(OptionalInt::isPresent).findFirst()
                .map(port -> new Connector(connector.settings().withPort(port.getAsInt())))
                .orElse(connector);
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
