package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.RestartPolicy;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.apply.AdvisoryLock;
import dev.pgstate.reconcilers.apply.AtomicFile;
import dev.pgstate.reconcilers.apply.Applier;
import dev.pgstate.reconcilers.apply.ApplyListener;
import dev.pgstate.reconcilers.apply.ApplyResult;
import dev.pgstate.reconcilers.apply.DatabaseConnections;
import dev.pgstate.reconcilers.apply.EffectFailedException;
import dev.pgstate.reconcilers.apply.EffectsResult;
import dev.pgstate.reconcilers.apply.RestartCommand;
import dev.pgstate.reconcilers.apply.ServerEffects;
import dev.pgstate.reconcilers.apply.Verifiers;
import dev.pgstate.reconcilers.connect.Connector;
import dev.pgstate.reconcilers.hba.HbaReconciler;
import dev.pgstate.reconcilers.hba.LockoutPolicy;
import dev.pgstate.reconcilers.live.HbaReader;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.live.LiveStateReader;
import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.reconcilers.plan.Change.AlterSetting;
import dev.pgstate.reconcilers.plan.Change.InstallTlsFiles;
import dev.pgstate.reconcilers.plan.Change.RewriteHbaFile;
import dev.pgstate.reconcilers.plan.Kind;
import dev.pgstate.reconcilers.plan.Plan;
import dev.pgstate.reconcilers.plan.Planner;
import dev.pgstate.reconcilers.plan.PlanningException;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.SecretException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.reconcilers.sql.ServerError;
import dev.pgstate.reconcilers.tls.CaStore;
import dev.pgstate.reconcilers.tls.Fingerprint;
import dev.pgstate.reconcilers.tls.ResolvedTls;
import dev.pgstate.reconcilers.tls.ServedCertificate;
import dev.pgstate.reconcilers.tls.TlsInstaller;
import dev.pgstate.reconcilers.tls.TlsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.sql.Connection;
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
 * Spec → live state → plan → apply → reload/restart → verify. Apply plans only once it holds the cluster-wide
 * advisory lock, so a second agent that waited for the first one finds nothing left to do instead of repeating its
 * work. A restart ends every session, the lock's too: the server releases it then.
 */
public final class Converger {

    private static final Logger LOG = LoggerFactory.getLogger(Converger.class);
    /** How long a reload may take to put the new certificate in front of clients. */
    private static final Duration TLS_PATIENCE = Duration.ofSeconds(5);

    private final Connector connector;
    private final Duration lockWait;
    private final SecretResolver secrets;
    private final LiveStateReader reader = new LiveStateReader();
    private final HbaReader hbaReader = new HbaReader();
    private final Planner planner;
    private final AtomicFile.BeforeRename tlsFileHook;

    /** Reads secrets from this process's environment and systemd credentials. */
    public Converger(Connector connector, Duration lockWait) {
        this(connector, lockWait, SecretResolver.fromEnvironment(System.getenv()));
    }

    public Converger(Connector connector, Duration lockWait, SecretResolver secrets) {
        this(connector, lockWait, secrets, new Planner(), temp -> { });
    }

    /** With a planner that outlives this converger, so its remembered password checks carry over (the daemon's). */
    public Converger(Connector connector, Duration lockWait, SecretResolver secrets, Planner planner) {
        this(connector, lockWait, secrets, planner, temp -> { });
    }

    /** @param tlsFileHook runs as each TLS file is about to appear; tests use it to spoil one behind the agent */
    public Converger(Connector connector, Duration lockWait, SecretResolver secrets,
                     AtomicFile.BeforeRename tlsFileHook) {
        this(connector, lockWait, secrets, new Planner(), tlsFileHook);
    }

    private Converger(Connector connector, Duration lockWait, SecretResolver secrets, Planner planner,
                      AtomicFile.BeforeRename tlsFileHook) {
        this.connector = connector;
        this.lockWait = lockWait;
        this.secrets = secrets;
        this.planner = planner;
        this.tlsFileHook = tlsFileHook;
    }

    /**
     * Reads the spec's secrets and the server, and plans; changes nothing.
     *
     * @throws SecretException before connecting, when a secret the spec points at cannot be used
     */
    public Plan plan(Spec spec) throws SQLException {
        DesiredPasswords passwords = secrets.resolve(spec);
        try (Connection connection = connector.connect()) {
            LiveState live = read(spec, connection);
            return planner.plan(spec, live, passwords, resolveTls(spec, live, false), Instant.now());
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
            ResolvedTls tls = resolveTls(spec, before, true);
            Plan plan = planner.plan(spec, before, passwords, tls, Instant.now());
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
            Optional<InstallTlsFiles> tlsFiles = plan.changes().stream()
                    .filter(InstallTlsFiles.class::isInstance).map(InstallTlsFiles.class::cast).findFirst();
            if (tlsFiles.isPresent()) {
                Optional<ApplyResult.Failure> failure = install(tlsFiles.get(), before);
                if (failure.isPresent()) {
                    return ConvergeResult.failed(plan, ApplyResult.failed(List.of(), failure.get(), List.of(),
                            plan.changes()));
                }
            }
            // the checking plan afterwards then knows each new verifier matches its secret without a PBKDF2
            List<Change> sql = Verifiers.made(plan.changes().stream()
                    .filter(c -> !(c instanceof RewriteHbaFile) && !(c instanceof InstallTlsFiles)).toList(),
                    planner::rememberMatch);
            ApplyResult applied = new Applier(connections(connector), before.server(), listener).apply(sql);
            if (!applied.succeeded()) {
                return ConvergeResult.failed(plan, applied);
            }
            List<Change> done = new ArrayList<>(applied.applied());
            tlsFiles.ifPresent(done::add); // installed first; its reload is among the effects
            Connector afterwards = connectorAfter(applied);
            EffectsResult effects;
            try {
                effects = effects(spec, before, afterwards).perform(done);
            } catch (EffectFailedException e) {
                return ConvergeResult.failed(plan, EffectFailures.asApplyResult(done, e));
            }
            if (tlsFiles.isPresent() || plan.changes().stream().anyMatch(c -> c.kind() == Kind.SETTING
                    && tls.settings().containsKey(c.address().names().get(0)))) {
                Optional<ApplyResult.Failure> notServed = confirmServed(tls, before, afterwards, tlsFiles, plan);
                if (notServed.isPresent()) {
                    return ConvergeResult.failed(plan, ApplyResult.failed(done, notServed.get(), List.of(),
                            List.of()));
                }
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
                LiveState now = read(spec, after);
                remaining = planner.plan(spec, now, passwords, resolveTls(spec, now, true), Instant.now());
            }
            if (remaining.hasChanges() && !onlyAwaitingRestart(spec, remaining)) {
                LOG.warn("the server still differs from the spec after apply: {} changes left", remaining.changes().size());
                return ConvergeResult.notConverged(plan, applied, effects, remaining);
            }
            return ConvergeResult.converged(plan, applied, effects);
        }
    }

    /**
     * The spec's TLS material for this server: files read, certificates kept or issued, all checked. Only apply
     * keeps a CA it had to create ({@code persistCa}); a plan uses a throwaway one.
     */
    private static ResolvedTls resolveTls(Spec spec, LiveState live, boolean persistCa) {
        if (spec.tls() == null) {
            return ResolvedTls.NONE;
        }
        Path dataDirectory = live.settings().files().dataDirectory();
        if (dataDirectory == null) {
            return ResolvedTls.refused(List.of("the server's data directory is unknown: the agent needs "
                    + "pg_read_all_settings (or superuser) and to run on the server's box to manage TLS files"));
        }
        try {
            String serverUser = Files.getOwner(dataDirectory).getName();
            return new TlsResolver(dataDirectory, serverUser, new CaStore(Path.of(spec.tls().stateDirectory())),
                    persistCa).resolve(spec.tls(), Instant.now());
        } catch (IOException e) {
            return ResolvedTls.refused(List.of("cannot read the data directory " + dataDirectory + ": " + e));
        }
    }

    private Optional<ApplyResult.Failure> install(InstallTlsFiles change, LiveState before) {
        Path dataDirectory = before.settings().files().dataDirectory();
        try {
            GroupPrincipal group = Files.readAttributes(dataDirectory, PosixFileAttributes.class).group();
            new TlsInstaller(group, tlsFileHook).install(change.files());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new ApplyResult.Failure(change,
                    new ServerError(ServerError.CONFIG_FILE_ERROR, "cannot install TLS files: " + e, null), ""));
        }
    }

    /**
     * SHOW ssl says on even when a failed reload left the server on its previous TLS context: only a handshake
     * shows which certificate it serves. The probe uses the host the agent connects to, or localhost over a socket.
     */
    private Optional<ApplyResult.Failure> confirmServed(ResolvedTls tls, LiveState before, Connector afterwards,
                                                       Optional<InstallTlsFiles> installed, Plan plan) {
        String host = afterwards.settings().host();
        String tcpHost = host == null || host.startsWith("/") ? "localhost" : host;
        int port = afterwards.settings().port() != null ? afterwards.settings().port()
                : before.settings().parameter("port").map(p -> Integer.parseInt(p.setting())).orElse(5432);
        Change blamed = installed.<Change>map(c -> c).orElseGet(() -> plan.changes().get(0));
        try (Connection connection = afterwards.connect()) {
            return new ServedCertificate(tcpHost, port, TLS_PATIENCE)
                    .mismatch(Fingerprint.of(tls.certificate()), connection, before.settings().files().dataDirectory())
                    .map(message -> new ApplyResult.Failure(blamed,
                            new ServerError(ServerError.CONFIG_FILE_ERROR, message, null), ""));
        } catch (SQLException e) {
            return Optional.of(new ApplyResult.Failure(blamed, ServerError.of(e), ""));
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
