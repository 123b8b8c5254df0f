package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.apply.AdvisoryLock;
import dev.pgstate.reconcilers.apply.Applier;
import dev.pgstate.reconcilers.apply.ApplyListener;
import dev.pgstate.reconcilers.apply.ApplyResult;
import dev.pgstate.reconcilers.apply.DatabaseConnections;
import dev.pgstate.reconcilers.connect.Connector;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.hba.HbaReconciler;
import dev.pgstate.reconcilers.hba.LockoutPolicy;
import dev.pgstate.reconcilers.live.HbaReader;
import dev.pgstate.reconcilers.live.LiveStateReader;
import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.reconcilers.plan.Change.RewriteHbaFile;
import dev.pgstate.reconcilers.plan.PlanningException;
import dev.pgstate.reconcilers.plan.Plan;
import dev.pgstate.reconcilers.plan.Planner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spec → live state → plan → apply → verify. Apply plans only once it holds the cluster-wide advisory lock, so
 * a second agent that waited for the first one finds nothing left to do instead of repeating its work.
 */
public final class Converger {

    private static final Logger LOG = LoggerFactory.getLogger(Converger.class);

    private final Connector connector;
    private final Duration lockWait;
    private final LiveStateReader reader = new LiveStateReader();
    private final HbaReader hbaReader = new HbaReader();
    private final Planner planner = new Planner();

    public Converger(Connector connector, Duration lockWait) {
        this.connector = connector;
        this.lockWait = lockWait;
    }

    /** Reads the server and plans; changes nothing. */
    public Plan plan(Spec spec) throws SQLException {
        try (Connection connection = connector.connect()) {
            return planner.plan(spec, read(spec, connection));
        }
    }

    /** Refuses an apply whose pg_hba.conf would lock out the agent or a must_keep connection. */
    public ConvergeResult apply(Spec spec, ApplyListener listener) throws SQLException {
        return apply(spec, listener, LockoutPolicy.REFUSE);
    }

    /**
     * Applies the plan under the advisory lock, then re-reads the server: a plan that is not empty then means
     * the apply did not converge.
     */
    public ConvergeResult apply(Spec spec, ApplyListener listener, LockoutPolicy lockouts) throws SQLException {
        try (AdvisoryLock lock = AdvisoryLock.acquire(connector.connect(), lockWait);
             Connection connection = connector.connect()) {
            LiveState before = read(spec, connection);
            Plan plan = planner.plan(spec, before);
            if (!plan.hasChanges()) {
                return ConvergeResult.unchanged(plan);
            }
            Optional<RewriteHbaFile> hba = plan.changes().stream()
                    .filter(RewriteHbaFile.class::isInstance).map(RewriteHbaFile.class::cast).findFirst();
            if (hba.isPresent() && !hba.get().lockouts().isEmpty() && lockouts == LockoutPolicy.REFUSE) {
                List<String> problems = new ArrayList<>(hba.get().lockouts());
                problems.add("nothing was changed; --allow-lockout applies it anyway");
                throw new PlanningException(problems);
            }
            List<Change> sql = plan.changes().stream().filter(c -> !(c instanceof RewriteHbaFile)).toList();
            ApplyResult applied = new Applier(connections(), before.server(), listener).apply(sql);
            if (applied.succeeded() && hba.isPresent()) {
                // pg_hba.conf goes last: its rules may name the roles and databases just created.
                applied = new HbaReconciler(connector, listener).apply(connection, hba.get(), before.hba().grammar())
                        .map(failure -> ApplyResult.failed(sql, failure, List.of(), List.of()))
                        .orElse(ApplyResult.completed(plan.changes()));
            }
            if (!applied.succeeded()) {
                return ConvergeResult.failed(plan, applied);
            }
            Plan remaining = planner.plan(spec, read(spec, connection));
            if (remaining.hasChanges()) {
                LOG.warn("the server still differs from the spec after apply: {} changes left", remaining.changes().size());
                return ConvergeResult.notConverged(plan, applied, remaining);
            }
            return ConvergeResult.converged(plan, applied);
        }
    }

    /** pg_hba.conf is read only when the spec manages it: reading it needs the agent on the server's box. */
    private LiveState read(Spec spec, Connection connection) throws SQLException {
        LiveState state = reader.read(connection);
        return spec.hba() == null ? state : state.withHba(hbaReader.read(connection));
    }

    private DatabaseConnections connections() {
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
