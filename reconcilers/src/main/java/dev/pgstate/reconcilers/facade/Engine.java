package dev.pgstate.reconcilers.facade;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsSpec;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.converge.ExportedSpec;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.converge.PlanBasis;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.apply.LockoutPolicy;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.core.sql.ServerError;
import dev.pgstate.reconcilers.kind.tls.CaStore;
import dev.pgstate.reconcilers.kind.tls.CertificateAuthority;
import dev.pgstate.reconcilers.kind.tls.ClientCertificateFiles;
import dev.pgstate.reconcilers.kind.tls.KeyAndCertificate;
import dev.pgstate.reconcilers.kind.tls.Validity;
import dev.pgstate.reconcilers.lint.Auditor;
import dev.pgstate.reconcilers.lint.LintReport;
import dev.pgstate.reconcilers.lint.Linter;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.secret.SecretResolver;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The engine's verbs, each returning a typed result: what the agent's commands, its daemon and its fleet push call,
 * and nothing else of the engine. The environment, the clock and the way sessions open come in through
 * {@link EngineSettings}; one engine keeps the password checks it made, and across runs in a state directory the spec
 * it parsed too (see {@link #rememberingIn}).
 */
public final class Engine {

    private final EngineSettings settings;
    /** Remembers which secrets matched their verifiers, so later plans of this engine skip PBKDF2. */
    private final Planner planner;
    /** One for the engine's life, so a secret file that has not changed since its last plan is not read again. */
    private final SecretResolver secrets;
    private final Specs.Kept keptSpec;

    public Engine(EngineSettings settings) {
        this(settings, new Planner(), Specs.Kept.NOTHING);
    }

    private Engine(EngineSettings settings, Planner planner, Specs.Kept keptSpec) {
        this.settings = settings;
        this.planner = planner;
        this.secrets = SecretResolver.fromEnvironment(settings.env());
        this.keptSpec = keptSpec;
    }

    /**
     * The same engine remembering across runs in {@code directory} its password checks and the spec it last parsed.
     *
     * @throws IOException when the directory cannot be used or others could write to it
     */
    public Engine rememberingIn(Path directory) throws IOException {
        return remembering(StateDirectory.in(directory));
    }

    /** The same engine remembering its password checks and spec in {@code directory} (whose key seals saved plans). */
    public Engine remembering(StateDirectory directory) {
        return new Engine(settings, new Planner(directory.planInputs()), directory.keptSpec());
    }

    /**
     * Where this engine keeps the spec it last parsed for the next run ({@link Specs#read(Path, Specs.ContentCheck,
     * Specs.Kept)}): its state directory, or nowhere.
     */
    public Specs.Kept keptSpec() {
        return keptSpec;
    }

    /**
     * A server: {@code flags} (any field null), then the PG* variables of the environment, then {@code fromSpec}, a
     * spec's connection block; the user, when none of them names one, is the engine's OS user.
     *
     * @throws IllegalArgumentException naming the source when a setting is malformed (PGPORT=abc)
     */
    public Server server(ConnectionSettings flags, ConnectionSpec fromSpec) {
        return new Server(new Connector(ConnectionSettings.resolve(flags, settings.env(), fromSpec, settings.osUser()), settings.opener()));
    }

    /** Reads the server and plans; changes nothing and takes no lock. */
    public Plan plan(Server server, Spec spec) throws SQLException {
        return converger(server, Duration.ZERO).plan(spec);
    }

    /**
     * The plan and the spec's lint findings on that server, read in one session; {@code made} gets the plan with the
     * live state it was made from (what a saved plan digests).
     */
    public CheckedPlan checkedPlan(Server server, LoadedSpec loaded, Consumer<PlanBasis> made) throws SQLException {
        // one session for both: opening one costs more than all the reading done in it
        try (Connection session = server.connector().connect()) {
            Plan plan = converger(server, Duration.ZERO).plan(loaded.spec(), session, made);
            return new CheckedPlan(plan, Auditor.planned(session, loaded, now()));
        }
    }

    /** The spec's lint findings on the server (its own settings read there). */
    public LintReport specFindings(Server server, LoadedSpec loaded) throws SQLException {
        try (Connection session = server.connector().connect()) {
            return Auditor.planned(session, loaded, now());
        }
    }

    /**
     * Makes the server match the spec under the cluster-wide advisory lock, waiting {@code lockWait} for another
     * agent, then checks that it does. Unless {@code allowLockout}, a plan that would lock out the agent or a
     * must_keep connection is refused before anything changes.
     */
    public ConvergeResult apply(Server server, Spec spec, Duration lockWait, boolean allowLockout)
            throws SQLException {
        return apply(server, spec, lockWait, allowLockout, basis -> { });
    }

    /** Like {@link #apply(Server, Spec, Duration, boolean)}, {@code guard} (a saved plan's) checking the plan made under the lock first. */
    public ConvergeResult apply(Server server, Spec spec, Duration lockWait, boolean allowLockout,
                                Consumer<PlanBasis> guard) throws SQLException {
        return converger(server, lockWait).apply(spec, ApplyListener.NONE,
                allowLockout ? LockoutPolicy.ALLOW : LockoutPolicy.REFUSE, guard);
    }

    /** The spec of what the server holds now: every kind the registry reads, in every database it needs. */
    public Exported export(Server server) throws SQLException {
        LiveState live;
        Connector connector = server.connector();
        try (Connection session = connector.connect()) {
            live = new LiveStateReader().readAll(session, connector.databases());
        }
        ExportedSpec.Described described = ExportedSpec.described(live);
        return new Exported(described.spec(), live.server().major(), server.describe(), described.notExported(),
                described.origins());
    }

    /** The security rules over the live server on its box, judged against the spec. */
    public LintReport audit(Server server, LoadedSpec loaded) throws SQLException {
        try (Connection session = server.connector().connect()) {
            return Auditor.audit(session, loaded, now());
        }
    }

    /** The security rules over a spec, offline. */
    public LintReport lint(LoadedSpec loaded) {
        return Linter.lint(loaded, now());
    }

    /**
     * Which pg_hba.conf rule a connection meets on the live server, and why every earlier one does not.
     *
     * @throws ExplainQuery.Unanswerable when the server cannot be asked this (GSS encryption before 12)
     */
    public Explained explain(Server server, ExplainQuery query) throws SQLException {
        return HbaExplaining.live(server, query, Optional.empty(), "");
    }

    /** The same against the pg_hba.conf that {@code hba} (of the spec named {@code specName}) would write there. */
    public Explained explainAsWritten(Server server, HbaSpec hba, String specName, ExplainQuery query)
            throws SQLException {
        return HbaExplaining.live(server, query, Optional.of(hba), specName);
    }

    /** The same for a file, without a server: the facts it would give come in {@code server}. */
    public Explained explain(Path hbaFile, OfflineServer server, ExplainQuery query) {
        return HbaExplaining.offline(hbaFile, server, query);
    }

    /**
     * Issues a client certificate for {@code user} from the agent's CA (the spec's {@code tls.ca}, else the one kept
     * in {@code stateDirectory}), writes it with its keys and the CA's root into {@code directory}, and records it
     * as issued.
     */
    public IssuedCertificate issueClientCertificate(Optional<TlsSpec> tls, Path stateDirectory, String user, int days,
                                                    Path directory) throws IOException {
        CaStore store = caStore(tls, stateDirectory);
        CertificateAuthority ca = ca(store, tls);
        KeyAndCertificate client = ca.issueClient(user, Validity.days(now(), days));
        ClientCertificateFiles files = ClientCertificateFiles.write(directory, user, client, ca.certificate());
        store.recordIssued(client.certificate());
        return new IssuedCertificate(client.certificate().getNotAfter().toInstant(), files.certificate(),
                files.pemKey(), files.pkcs8Key(), files.root());
    }

    /** Revokes every certificate the CA recorded as issued to {@code user}, and rewrites its CRL. */
    public Revocation revokeClientCertificatesOf(Optional<TlsSpec> tls, Path stateDirectory, String user)
            throws IOException {
        return revoke(tls, stateDirectory, certificate -> CertificateAuthority.issuedTo(certificate, user));
    }

    /** Revokes the certificate with this serial number if the CA recorded it as issued, and rewrites its CRL. */
    public Revocation revokeClientCertificate(Optional<TlsSpec> tls, Path stateDirectory, BigInteger serial)
            throws IOException {
        return revoke(tls, stateDirectory, certificate -> certificate.getSerialNumber().equals(serial));
    }

    /** Every managed kind, in the registry's order: what the daemon counts drift by. */
    public static List<KindName> kinds() {
        return Kinds.ALL.stream().map(ManagedKind::name).toList();
    }

    /** The groups the unmanaged policy sorts objects into (roles, superusers apart, and databases). */
    public static List<UnmanagedObject.Group> unmanagedGroups() {
        return Kinds.UNMANAGED_GROUPS;
    }

    /** A server error by SQLSTATE and message, as the agent reports it. */
    public static String describe(SQLException failure) {
        return ServerError.of(failure).describe();
    }

    /** Writes a file of the agent's own atomically (write, fsync, rename), never through a link left under its name. */
    public static void writeOwnFile(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        AtomicFile.writeOwn(file, content, permissions);
    }

    private Revocation revoke(Optional<TlsSpec> tls, Path stateDirectory, Predicate<X509Certificate> which)
            throws IOException {
        CaStore store = caStore(tls, stateDirectory);
        CaStore.Revoked revoked = store.revoke(ca(store, tls), which, now());
        return new Revocation(revoked.certificates(), store.issuedDirectory(), revoked.crlFiles());
    }

    private static CaStore caStore(Optional<TlsSpec> tls, Path stateDirectory) {
        return new CaStore(tls.map(t -> Path.of(t.stateDirectory())).orElse(stateDirectory));
    }

    /** The adopted CA or the one apply created; {@link dev.pgstate.reconcilers.kind.tls.TlsMaterialException} if none. */
    private static CertificateAuthority ca(CaStore store, Optional<TlsSpec> tls) {
        return tls.map(t -> store.existing(t.ca())).orElseGet(store::read);
    }

    private Converger converger(Server server, Duration lockWait) {
        return new Converger(server.connector(), lockWait, secrets, planner)
                .withClock(settings.clock()).withHost(settings.host());
    }

    private Instant now() {
        return settings.clock().instant();
    }

    /** A plan with the spec's lint findings on the same server. */
    public record CheckedPlan(Plan plan, LintReport specFindings) {
    }

    /**
     * An exported spec, with the server's major version and where it was read from, what the spec could not say
     * (each a line for the person exporting), and where values come from by spec key
     * ({@code server.settings.work_mem} → {@code /…/postgresql.conf:12}).
     */
    public record Exported(Spec spec, int major, String server, List<String> notExported,
                           Map<String, String> origins) {
        public Exported {
            notExported = List.copyOf(notExported);
            origins = Map.copyOf(origins);
        }
    }

    /** A client certificate written into place: until when it is valid, and its files. */
    public record IssuedCertificate(Instant notAfter, Path certificate, Path pemKey, Path pkcs8Key, Path root) {
    }

    /**
     * The certificates revoked (none when none matched), where issued ones are recorded, and the CRLs written: the
     * issuing CA's, so during a rotation's overlap the retiring CA's for a certificate of the old CA.
     */
    public record Revocation(List<X509Certificate> revoked, Path issuedDirectory, List<Path> crlFiles) {
        public Revocation {
            revoked = List.copyOf(revoked);
            crlFiles = List.copyOf(crlFiles);
        }
    }
}
