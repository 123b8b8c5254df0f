package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.apply.AdvisoryLock;
import dev.pgstate.reconcilers.apply.Applier;
import dev.pgstate.reconcilers.apply.ApplyListener;
import dev.pgstate.reconcilers.apply.ApplyResult;
import dev.pgstate.reconcilers.apply.DatabaseConnections;
import dev.pgstate.reconcilers.apply.EffectFailedException;
import dev.pgstate.reconcilers.apply.EffectsResult;
import dev.pgstate.reconcilers.apply.RestartCommand;
import dev.pgstate.reconcilers.apply.ServerEffects;
import dev.pgstate.reconcilers.connect.Connector;
import dev.pgstate.reconcilers.hba.HbaReconciler;
import dev.pgstate.reconcilers.hba.LockoutPolicy;
import dev.pgstate.reconcilers.live.HbaReader;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.live.LiveStateReader;
import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.reconcilers.plan.Change.AlterSetting;
import dev.pgstate.reconcilers.plan.Change.RewriteHbaFile;
import dev.pgstate.reconcilers.plan.Plan;
import dev.pgstate.reconcilers.plan.Planner;
import dev.pgstate.reconcilers.plan.PlanningException;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spec → live state → plan → apply → reload/restart → verify. Apply plans only once it holds the cluster-wide
 * advisory lock, so a second agent that waited for the first one finds nothing left to do instead of repeating its
 * work. A restart ends every session, the lock's too: the server releases it then.
 */
public final class Converger {

    private static final Logger LOG = LoggerFactory.getLogger(Converger.class);

    private final Connector connector;
    private final Duration lockWait;
    private final SecretResolver secrets;
    private final LiveStateReader reader = new LiveStateReader();
    private final HbaReader hbaReader = new HbaReader();
    private final Planner planner;

    /** Reads secrets from this process's environment and systemd credentials. */
    public Converger(Connector connector, Duration lockWait) {
        this(connector, lockWait, SecretResolver.fromEnvironment(System.getenv()));
    }

    public Converger(Connector connector, Duration lockWait, SecretResolver secrets) {
        this(connector, lockWait, secrets, new Planner());
    }

    /** With a planner that outlives this converger, so its remembered password checks carry over (the daemon's). */
    public Converger(Connector connector, Duration lockWait, SecretResolver secrets, Planner planner) {
        this.connector = connector;
        this.lockWait = lockWait;
        this.secrets = secrets;
        this.planner = planner;
    }

    /**
     * Reads the spec's secrets and the server, and plans; changes nothing.
     *
     * @throws SecretException before connecting, when a secret the spec points at cannot be used
     */
    public Plan plan(Spec spec) throws SQLException {
        DesiredPasswords passwords = secrets.resolve(spec);
        try (Connection connection = connector.connect()) {
            return planner.plan(spec, read(spec, connection), passwords);
        }
    }

    /** Refuses an apply whose pg_hba.conf would lock out the agent or a must_keep connection. */
    public ConvergeResult apply(Spec spec, ApplyListener listener) throws SQLException {
        return apply(spec, listener, LockoutPolicy.REFUSE);
    }

    /**
     * Applies the plan under the advisory lock: SQL changes, then the reload or restart settings need, then
     * pg_hba.conf (its rules may name the roles and databases just created). Then it re-reads the server: a plan
     * that is not empty means the apply did not converge.
     */
    public ConvergeResult apply(Spec spec, ApplyListener listener, LockoutPolicy lockouts) throws SQLException {
        DesiredPasswords passwords = secrets.resolve(spec);
        try (AdvisoryLock lock = AdvisoryLock.acquire(connector.connect(), lockWait);
             Connection connection = connector.connect()) {
            LiveState before = read(spec, connection);
            Plan plan = planner.plan(spec, before, passwords);
            if (!plan.hasChanges() || onlyAwaitingRestart(spec, plan)) {
                return ConvergeResult.unchanged(plan, awaitingRestart(plan));
            }
            Optional<RewriteHbaFile> hba = plan.changes().stream()
                    .filter(RewriteHbaFile.class::isInstance).map(RewriteHbaFile.class::cast).findFirst();
            if (hba.isPresent() && !hba.get().lockouts().isEmpty() && lockouts == LockoutPolicy.REFUSE) {
                List<String> problems = new ArrayList<>(hba.get().lockouts());
                problems.add("nothing was changed; --allow-lockout applies it anyway");
                throw new PlanningException(problems);
            }
            List<Change> sql = plan.changes().stream().filter(c -> !(c instanceof RewriteHbaFile)).toList();
            ApplyResult applied = new Applier(connections(connector), before.server(), listener).apply(sql);
            if (!applied.succeeded()) {
                return ConvergeResult.failed(plan, applied);
            }
            Connector afterwards = connectorAfter(applied);
            EffectsResult effects;
            try {
                effects = effects(spec, before, afterwards).perform(applied.applied());
            } catch (EffectFailedException e) {
                return ConvergeResult.failed(plan, EffectFailures.asApplyResult(applied.applied(), e));
            }
            if (hba.isPresent()) {
                try (Connection current = afterwards.connect()) { // a restart ended the first session
                    Optional<ApplyResult.Failure> failure = new HbaReconciler(afterwards, listener)
                            .apply(current, hba.get(), before.hba().grammar());
                    if (failure.isPresent()) {
                        return ConvergeResult.failed(plan, ApplyResult.failed(sql, failure.get(), List.of(), List.of()));
                    }
                }
                applied = ApplyResult.completed(plan.changes());
                effects = effects.withReload(); // the rewrite reloaded the server itself
            }
            Plan remaining;
            try (Connection after = afterwards.connect()) {
                remaining = planner.plan(spec, read(spec, after), passwords);
            }
            if (remaining.hasChanges() && !onlyAwaitingRestart(spec, remaining)) {
                LOG.warn("the server still differs from the spec after apply: {} changes left", remaining.changes().size());
                return ConvergeResult.notConverged(plan, applied, effects, remaining);
            }
            return ConvergeResult.converged(plan, applied, effects);
        }
    }

    /** pg_hba.conf is read only when the spec manages it: reading it needs the agent on the server's box. */
    private LiveState read(Spec spec, Connection connection) throws SQLException {
        LiveState state = reader.read(connection, spec);
        return spec.hba() == null ? state : state.withHba(hbaReader.read(connection));
    }

    /** With {@code restart: never}, values on disk that wait for a restart are all an apply may do about them. */
    private static boolean onlyAwaitingRestart(Spec spec, Plan plan) {
        return spec.server().restart() == RestartPolicy.NEVER && plan.changes().stream()
                .allMatch(change -> change instanceof AlterSetting setting && setting.awaitsRestartOnly());
    }

    private static List<String> awaitingRestart(Plan plan) {
        return plan.changes().stream().filter(c -> c instanceof AlterSetting s && s.awaitsRestartOnly())
                .map(c -> c.address().toString()).toList();
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

    private ServerEffects effects(Spec spec, LiveState before, Connector afterwards) {
        String configured = spec.server().restartCommand();
        RestartCommand command = configured != null ? new RestartCommand(configured)
                : RestartCommand.platformDefault(before.settings().files(), RestartCommand::onPath);
        return new ServerEffects(connections(connector), connections(afterwards), spec.server().restart(), command);
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
