package dev.pgstate.agent.daemon;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.reconcilers.core.sql.ServerError;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server part of a cycle. Report mode only plans, so it takes no lock and changes nothing; enforce mode
 * converges under the cluster-wide advisory lock. Every failure becomes a result, never an exception: the
 * loop must outlive a database that is down or restarting.
 */
final class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final Function<Spec, Connector> connectors;
    private final Mode mode;
    private final Duration lockWait;
    /** One for the daemon's life: it remembers which secrets matched their verifiers, so idle cycles skip PBKDF2. */
    private final Planner planner;

    Reconciliation(Function<Spec, Connector> connectors, Planner planner, Mode mode, Duration lockWait) {
        this.connectors = connectors;
        this.planner = planner;
        this.mode = mode;
        this.lockWait = lockWait;
    }

    ServerResult run(Spec spec) {
        try {
            // per cycle: a spec edit may change the connection block
            Converger converger = new Converger(connectors.apply(spec), lockWait,
                    SecretResolver.fromEnvironment(System.getenv()), planner);
            if (mode == Mode.REPORT) {
                return ServerResult.reported(converger.plan(spec));
            }
            ConvergeResult result = converger.apply(spec, ApplyListener.NONE);
            return ServerResult.enforced(result, failureLine(result));
        } catch (SQLException e) {
            return ServerResult.failed(ServerError.of(e).describe());
        } catch (RuntimeException e) {
            // connection refused, lock held by another agent, a spec the server cannot hold, or a bug: all retried
            LOG.debug("cycle failed", e);
            return ServerResult.failed(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
        }
    }

    private static String failureLine(ConvergeResult result) {
        return result.applied().failureSummary()
                .map(summary -> "apply failed at " + summary)
                .orElse("the server still differs from the spec after apply");
    }
}
