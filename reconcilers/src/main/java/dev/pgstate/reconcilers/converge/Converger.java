package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.AdvisoryLock;
import dev.pgstate.reconcilers.core.apply.ApplyRun;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.apply.Host;
import dev.pgstate.reconcilers.core.apply.ServerReload;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.failure.FileFaults;
import dev.pgstate.reconcilers.kind.hba.LockoutPolicy;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.core.plan.AgentLogin;
import dev.pgstate.reconcilers.kind.setting.AlterSetting;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.plan.LockoutRefusedException;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.reconcilers.kind.setting.SettingKind;
import dev.pgstate.reconcilers.kind.setting.SettingState;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.ProbeTarget;
import dev.pgstate.reconcilers.kind.tls.ServedCertificateCheck;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import dev.pgstate.reconcilers.kind.tls.TlsProbe;
import dev.pgstate.reconcilers.kind.tls.TlsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
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

    /** Like {@link #plan(Spec, Connection)}, handing {@code made} what the plan was made from (a saved plan's). */
    public Plan plan(Spec spec, Connection session, Consumer<PlanBasis> made) throws SQLException {
        return planIn(connector, session, spec, secrets.resolve(spec), made);
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
            Connection connection = session.connection();
            LiveState before = reader.read(connection, spec, connector.databases());
            NewDatabaseLocales.refuseMissing(connection, spec, before);
            ResolvedTls tls = resolveTls(spec, before, connector, passwords);
            LiveState read = before.plusKinds(List.of(tls));
            Plan plan = checkedForStart(spec, before,
                    planner.plan(spec, read, passwords, clock.instant(), agentLogin(connector)), connection);
            guard.accept(new PlanBasis(read, plan));
            if (!plan.hasChanges() || onlyAwaitingRestart(spec, plan)) {
                return ConvergeResult.unchanged(plan, awaitingRestart(plan));
            }
            List<String> lockedOut = plan.changes().stream().flatMap(change -> change.lockouts().stream()).toList();
            if (!lockedOut.isEmpty() && lockouts == LockoutPolicy.REFUSE) {
                throw new LockoutRefusedException(plan, lockedOut);
            }
            boolean tlsSettingChanged = SettingKind.changesAnyOf(plan.changes(), tls.settings().keySet());
            ApplyRun.Outcome run = new ApplyRun(new ApplyRun.Means(connector, listener, tlsFileHook, reload, host),
                    spec.server(), before.server(), SettingState.liveIn(before.kinds()).files(), plan,
                    planner::prepared,
                    ServedCertificateCheck.of(tls, plan, tlsSettingChanged, serverPort(before)).stream().toList()).run();
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
            return planIn(server, connection, spec, passwords, basis -> { });
        }
    }

    private Plan planIn(Connector server, Connection connection, Spec spec, DesiredPasswords passwords,
                        Consumer<PlanBasis> made) throws SQLException {
        LiveState live = reader.read(connection, spec, server.databases());
        NewDatabaseLocales.refuseMissing(connection, spec, live);
        ResolvedTls tls = resolveTls(spec, live, server, passwords);
        LiveState read = live.plusKinds(List.of(tls));
        Plan plan = checkedForStart(spec, live, planner.plan(spec, read, passwords, clock.instant(),
                agentLogin(server)), connection);
        made.accept(new PlanBasis(read, plan));
        return plan;
    }

    /** The password the agent logs in with, if any: a change to its own role must not take that login away. */
    private static AgentLogin agentLogin(Connector server) {
        return AgentLogin.withPassword(server.settings().password());
    }

    /** @throws PlanningException when the server would not start with the planned settings ({@link StartChecks}) */
    private static Plan checkedForStart(Spec spec, LiveState live, Plan plan, Connection connection)
            throws SQLException {
        List<String> problems = StartChecks.problems(spec, live, plan, connection);
        if (!problems.isEmpty()) {
            throw new PlanningException(problems);
        }
        return plan;
    }

    /**
     * The spec's TLS material for this server: files read, certificates kept or issued, all checked. What the state
     * directory must keep for it (a CA created or rotated, a CRL renewed) comes back prepared, for the apply that
     * installs the files to commit; a plan drops it.
     */
    private ResolvedTls resolveTls(Spec spec, LiveState live, Connector server, DesiredPasswords secrets) {
        if (spec.tls() == null) {
            return ResolvedTls.NONE;
        }
        Path dataDirectory = SettingState.liveIn(live.kinds()).files().dataDirectory();
        if (dataDirectory == null) {
            return ResolvedTls.refused(List.of("the server's data directory is unknown: the agent needs "
                    + "pg_read_all_settings (or superuser) and to run on the server's box to manage TLS files"));
        }
        try {
            String serverUser = Files.getOwner(dataDirectory).getName();
            TlsResolver resolver = new TlsResolver(dataDirectory, serverUser,
                    new CaStore(Path.of(spec.tls().stateDirectory())));
            return withServed(resolver.resolve(spec.tls(), secrets.tlsKeyPassphrase(), clock.instant()), live, server);
        } catch (IOException e) {
            return ResolvedTls.refused(List.of("cannot read the data directory " + dataDirectory + ": "
                    + FileFaults.describe(e)));
        }
    }

    /**
     * The certificate a running server with ssl = on hands out: files that are right do not prove a reload took
     * them up. A server the probe cannot reach over TCP is left unprobed, as TLS is then none of its clients' way.
     */
    private static ResolvedTls withServed(ResolvedTls tls, LiveState live, Connector server) {
        boolean sslOn = SettingState.liveIn(live.kinds()).parameter("ssl").map(ssl -> "on".equals(ssl.setting()))
                .orElse(false);
        if (!tls.usable() || !sslOn) {
            return tls;
        }
        ProbeTarget target = ProbeTarget.of(server, serverPort(live));
        try {
            return TlsProbe.served(target.host(), target.port()).map(tls::withServed).orElse(tls);
        } catch (IOException e) {
            LOG.debug("no TLS probe of {}:{}: {}", target.host(), target.port(), e.getMessage());
            return tls;
        }
    }

    /** The port the server says it listens on. */
    private static int serverPort(LiveState live) {
        return SettingState.liveIn(live.kinds()).parameter("port").map(p -> Integer.parseInt(p.setting())).orElse(5432);
    }

    /** With {@code restart: never}, values on disk that wait for a restart are all an apply may do about them. */
    static boolean onlyAwaitingRestart(Spec spec, Plan plan) {
        return spec.server().restart() == RestartPolicy.NEVER && plan.changes().stream()
                .allMatch(change -> change instanceof AlterSetting setting && setting.awaitsRestartOnly());
    }

    private static List<String> awaitingRestart(Plan plan) {
        return plan.changes().stream().filter(c -> c instanceof AlterSetting s && s.awaitsRestartOnly())
                .map(c -> c.address().toString()).toList();
    }
}
