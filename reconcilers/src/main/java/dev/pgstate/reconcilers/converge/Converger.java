package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.AdvisoryLock;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.ApplyRun;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.apply.Confirmation;
import dev.pgstate.reconcilers.core.apply.Confirming;
import dev.pgstate.reconcilers.core.apply.Host;
import dev.pgstate.reconcilers.core.apply.LockoutPolicy;
import dev.pgstate.reconcilers.core.apply.ServerReload;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.live.ServerConfiguration;
import dev.pgstate.reconcilers.core.plan.AgentLogin;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.core.plan.Resolving;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
    private final Planner planner;
    private final AtomicFile.BeforeRename tlsFileHook;
    private final ServerReload reload;
    /** What plans are made at: passwords' and certificates' validity are judged against it. */
    private final Clock clock;
    /** The box: the programs on its PATH, the engine's OS user. */
    private final Host host;

    /**
     * @param secrets where the spec's passwords are read from (the CLI's environment and systemd credentials)
     * @param planner one that outlives this converger, so its remembered password checks carry over (the daemon's)
     */
    public Converger(Connector connector, Duration lockWait, SecretResolver secrets, Planner planner) {
        this(connector, lockWait, secrets, planner, AtomicFile.BeforeRename.NONE, ServerReload.STANDARD,
                Clock.systemUTC(), Host.ofThisProcess());
    }

    private Converger(Connector connector, Duration lockWait, SecretResolver secrets, Planner planner,
                      AtomicFile.BeforeRename tlsFileHook, ServerReload reload, Clock clock, Host host) {
        this.connector = connector;
        this.lockWait = lockWait;
        this.secrets = secrets;
        this.planner = planner;
        this.tlsFileHook = tlsFileHook;
        this.reload = reload;
        this.clock = clock;
        this.host = host;
    }

    /** The same converger reloading the server this way; tests give a reload that is never delivered. */
    public Converger withReload(ServerReload reload) {
        return new Converger(connector, lockWait, secrets, planner, tlsFileHook, reload, clock, host);
    }

    /** The same converger reading the time from {@code clock}; the engine's facade passes its own. */
    public Converger withClock(Clock clock) {
        return new Converger(connector, lockWait, secrets, planner, tlsFileHook, reload, clock, host);
    }

    /** The same converger on {@code host} (the engine's facade passes its own); by default, on this process's. */
    public Converger withHost(Host host) {
        return new Converger(connector, lockWait, secrets, planner, tlsFileHook, reload, clock, host);
    }

    /** This converger with {@code tlsFileHook} run as each TLS file is about to appear; tests spoil one with it. */
    public Converger withTlsFileHook(AtomicFile.BeforeRename tlsFileHook) {
        return new Converger(connector, lockWait, secrets, planner, tlsFileHook, reload, clock, host);
    }

    /**
     * Reads the spec's secrets and the server, and plans; changes nothing.
     *
     * @throws SecretException before connecting, when a secret the spec points at cannot be used
     */
    public Plan plan(Spec spec) throws SQLException {
        return planOn(connector, spec, secrets.resolve(spec));
    }

    /**
     * Like {@link #plan(Spec)} in a session the caller opened with this converger's connector and keeps, so that
     * what it reads next (the CLI's lint findings) costs no second connection: a new backend is most of a plan's time.
     */
    public Plan plan(Spec spec, Connection session) throws SQLException {
        return plan(spec, session, basis -> { });
    }

    /**
     * Like {@link #plan(Spec, Connection)}, handing {@code made} what the plan was made from (a saved plan's). The
     * secret files are read on another thread while the server answers the catalog queries (ten thousand files take
     * a noticeable part of a CLI plan); a secret that cannot be used is still reported before anything the server said.
     */
    public Plan plan(Spec spec, Connection session, Consumer<PlanBasis> made) throws SQLException {
        CompletableFuture<DesiredPasswords> reading = CompletableFuture.supplyAsync(() -> secrets.resolve(spec));
        PlanBasis basis = planned(connector, session, spec, () -> joined(reading));
        made.accept(basis);
        return basis.plan();
    }

    private static DesiredPasswords joined(CompletableFuture<DesiredPasswords> reading) {
        try {
            return reading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // a SecretException, as resolving on this thread throws it
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Refuses an apply whose pg_hba.conf would lock out the agent or a must_keep connection. */
    public ConvergeResult apply(Spec spec, ApplyListener listener) throws SQLException {
        return apply(spec, listener, LockoutPolicy.REFUSE);
    }

    /**
     * Plans under the advisory lock, then carries the plan out in an {@link ApplyRun}: TLS files, SQL changes, the
     * reload or restart settings need, pg_hba.conf; then it re-reads the server: a plan that is not empty means the
     * apply did not converge.
     */
    public ConvergeResult apply(Spec spec, ApplyListener listener, LockoutPolicy lockouts) throws SQLException {
        return apply(spec, listener, lockouts, basis -> { });
    }

    /**
     * Like {@link #apply(Spec, ApplyListener, LockoutPolicy)}, with {@code guard} shown what the plan was made from
     * under the lock before anything is changed; it refuses by throwing, and then nothing is (a saved plan's check).
     */
    public ConvergeResult apply(Spec spec, ApplyListener listener, LockoutPolicy lockouts, Consumer<PlanBasis> guard)
            throws SQLException {
        DesiredPasswords passwords = secrets.resolve(spec);
        try (AdvisoryLock lock = AdvisoryLock.acquire(connector.connect(), lockWait);
             SessionBeforeRestart session = new SessionBeforeRestart(connector.connect())) {
            PlanBasis basis = planned(connector, session.connection(), spec, () -> passwords);
            guard.accept(basis);
            Plan plan = basis.plan();
            if (!plan.hasChanges() || onlyAwaitingRestart(spec, plan)) {
                return ConvergeResult.unchanged(plan, awaitingRestart(plan));
            }
            lockouts.check(plan);
            ApplyRun.Outcome run = new ApplyRun(new ApplyRun.Means(connector, listener, tlsFileHook, reload, host),
                    spec.server(), basis.live().server(), ServerConfiguration.in(basis.live().kinds()).files(), plan,
                    planner.preparation(), confirmations(plan, basis.live())).run();
            return converged(spec, passwords, plan, run);
        }
    }

    /** The apply's outcome, after re-reading the server: what is left means the apply did not converge. */
    private ConvergeResult converged(Spec spec, DesiredPasswords passwords, Plan plan, ApplyRun.Outcome run)
            throws SQLException {
        if (!run.applied().succeeded()) {
            return ConvergeResult.failed(plan, run.applied(), run.effects());
        }
        Plan remaining = planOn(run.afterwards(), spec, passwords);
        if (remaining.hasChanges() && !onlyAwaitingRestart(spec, remaining)) {
            LOG.warn("the server still differs from the spec after apply: {} changes left", remaining.changes().size());
            return ConvergeResult.notConverged(plan, run.applied(), run.effects(), remaining);
        }
        return ConvergeResult.converged(plan, run.applied(), run.effects());
    }

    private Plan planOn(Connector server, Spec spec, DesiredPasswords passwords) throws SQLException {
        try (Connection connection = server.connect()) {
            return planned(server, connection, spec, () -> passwords).plan();
        }
    }

    /**
     * Read, refuse what the server cannot give, resolve, plan, check for start: the plan with what it was made from.
     *
     * @param passwordsRead the spec's passwords, maybe still being read: what fails there is thrown first
     */
    private PlanBasis planned(Connector server, Connection connection, Spec spec,
                              Supplier<DesiredPasswords> passwordsRead)
            throws SQLException {
        LiveState live;
        try {
            live = reader.read(connection, spec, server.databases());
            refuseWhatTheServerCannotGive(connection, spec, live);
        } catch (SQLException | RuntimeException e) {
            passwordsRead.get();
            throw e;
        }
        DesiredPasswords passwords = passwordsRead.get();
        LiveState read = resolved(spec, live, server, passwords);
        Plan plan = checkedForStart(spec, live, planner.plan(spec, read, passwords, clock.instant(),
                agentLogin(server)), connection);
        return new PlanBasis(read, plan);
    }

    /** The password the agent logs in with, if any: a change to its own role must not take that login away. */
    private static AgentLogin agentLogin(Connector server) {
        return AgentLogin.withPassword(server.settings().password());
    }

    /** @throws PlanningException naming what the spec asks that the server cannot give ({@link KindState#refusals}) */
    private static void refuseWhatTheServerCannotGive(Connection connection, Spec spec, LiveState live)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        for (KindState kind : live.kinds()) {
            problems.addAll(kind.refusals(spec, connection));
        }
        if (!problems.isEmpty()) {
            throw new PlanningException(problems);
        }
    }

    /** @throws PlanningException when the server would not start with the plan ({@link KindState#startProblems}) */
    private static Plan checkedForStart(Spec spec, LiveState live, Plan plan, Connection connection)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        for (KindState kind : live.kinds()) {
            problems.addAll(kind.startProblems(spec, plan, connection));
        }
        if (!problems.isEmpty()) {
            throw new PlanningException(problems);
        }
        return plan;
    }

    /** {@code live} with what the registry's kinds resolve before planning ({@link ManagedKind#resolve}). */
    private LiveState resolved(Spec spec, LiveState live, Connector server, DesiredPasswords passwords) {
        Resolving resolving = new Resolving(server.settings().host(), server.settings().port(), passwords,
                clock.instant());
        List<KindState> resolved = new ArrayList<>();
        for (ManagedKind kind : Kinds.ALL) {
            kind.resolve(spec, live.kinds(), resolving).ifPresent(resolved::add);
        }
        return live.plusKinds(resolved);
    }

    /** The proofs, after the reload or restart, that the server took up what the plan needs ({@link Confirming}). */
    private static List<Confirmation> confirmations(Plan plan, LiveState read) {
        return read.kinds().stream().filter(Confirming.class::isInstance).map(Confirming.class::cast)
                .flatMap(state -> state.confirmation(plan, read.kinds()).stream()).toList();
    }

    /** With {@code restart: never}, values on disk that wait for a restart are all an apply may do about them. */
    static boolean onlyAwaitingRestart(Spec spec, Plan plan) {
        return spec.server().restart() == RestartPolicy.NEVER && plan.changes().stream()
                .allMatch(Change::awaitsRestartOnly);
    }

    private static List<String> awaitingRestart(Plan plan) {
        return plan.changes().stream().filter(Change::awaitsRestartOnly)
                .map(c -> c.address().toString()).toList();
    }
}
