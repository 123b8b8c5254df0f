package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.apply.AdvisoryLock;
import dev.pgstate.reconcilers.apply.Applier;
import dev.pgstate.reconcilers.apply.ApplyListener;
import dev.pgstate.reconcilers.apply.ApplyResult;
import dev.pgstate.reconcilers.apply.DatabaseConnections;
import dev.pgstate.reconcilers.connect.Connector;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.live.LiveStateReader;
import dev.pgstate.reconcilers.plan.Plan;
import dev.pgstate.reconcilers.plan.Planner;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
    private final SecretResolver secrets;
    private final LiveStateReader reader = new LiveStateReader();
    private final Planner planner = new Planner();

    /** Reads secrets from this process's environment and systemd credentials. */
    public Converger(Connector connector, Duration lockWait) {
        this(connector, lockWait, SecretResolver.fromEnvironment(System.getenv()));
    }

    public Converger(Connector connector, Duration lockWait, SecretResolver secrets) {
        this.connector = connector;
        this.lockWait = lockWait;
        this.secrets = secrets;
    }

    /**
     * Reads the spec's secrets and the server, and plans; changes nothing.
     *
     * @throws SecretException before connecting, when a secret the spec points at cannot be used
     */
    public Plan plan(Spec spec) throws SQLException {
        DesiredPasswords passwords = secrets.resolve(spec);
        try (Connection connection = connector.connect()) {
            return planner.plan(spec, reader.read(connection), passwords);
        }
    }

    /**
     * Applies the plan under the advisory lock, then re-reads the server: a plan that is not empty then means
     * the apply did not converge.
     */
    public ConvergeResult apply(Spec spec, ApplyListener listener) throws SQLException {
        DesiredPasswords passwords = secrets.resolve(spec);
        try (AdvisoryLock lock = AdvisoryLock.acquire(connector.connect(), lockWait);
             Connection connection = connector.connect()) {
            LiveState before = reader.read(connection);
            Plan plan = planner.plan(spec, before, passwords);
            if (!plan.hasChanges()) {
                return ConvergeResult.unchanged(plan);
            }
            ApplyResult applied = new Applier(connections(), before.server(), listener).apply(plan);
            if (!applied.succeeded()) {
                return ConvergeResult.failed(plan, applied);
            }
            Plan remaining = planner.plan(spec, reader.read(connection), passwords);
            if (remaining.hasChanges()) {
                LOG.warn("the server still differs from the spec after apply: {} changes left", remaining.changes().size());
                return ConvergeResult.notConverged(plan, applied, remaining);
            }
            return ConvergeResult.converged(plan, applied);
        }
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
