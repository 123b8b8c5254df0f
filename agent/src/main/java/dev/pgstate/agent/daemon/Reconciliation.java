package dev.pgstate.agent.daemon;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.core.plan.LockoutRefusedException;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.facade.Server;
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

    private final Function<Spec, Server> servers;
    private final Mode mode;
    private final Duration lockWait;
    /** One for the daemon's life: it remembers which secrets matched their verifiers, so idle cycles skip PBKDF2. */
    private final Engine engine;

    Reconciliation(Function<Spec, Server> servers, Engine engine, Mode mode, Duration lockWait) {
        this.servers = servers;
        this.engine = engine;
        this.mode = mode;
        this.lockWait = lockWait;
    }

    ServerResult run(Spec spec) {
        try {
            // per cycle: a spec edit may change the connection block
            Server server = servers.apply(spec);
            if (mode == Mode.REPORT) {
                return ServerResult.reported(engine.plan(server, spec));
            }
            ConvergeResult result = engine.apply(server, spec, lockWait, false);
            return ServerResult.enforced(result, failureLine(result));
        } catch (LockoutRefusedException e) {
            return ServerResult.refusedForLockout(e);
        } catch (SQLException e) {
            return ServerResult.failed(Engine.describe(e));
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
