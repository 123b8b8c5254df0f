package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AgentLogin;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.kind.hba.HbaPlanner;
import dev.pgstate.reconcilers.kind.objectsetting.ObjectSettingsPlanner;
import dev.pgstate.reconcilers.kind.role.PasswordCheck;
import dev.pgstate.reconcilers.kind.role.PasswordComparison;
import dev.pgstate.reconcilers.kind.role.PasswordVerdicts;
import dev.pgstate.reconcilers.kind.role.RememberedChecks;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import dev.pgstate.reconcilers.kind.role.RolePlanner;
import dev.pgstate.reconcilers.kind.role.Verifiers;
import dev.pgstate.reconcilers.kind.setting.SettingsPlanner;
import dev.pgstate.reconcilers.kind.tls.ResolvedTls;
import dev.pgstate.reconcilers.kind.tls.TlsPlanner;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.Secret;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Classifies every spec-versus-server pair in one place and returns the ordered plan. Pure: no I/O, the
 * same inputs always give the same plan. Its one costly step is the {@link PasswordCheck}: one PBKDF2 per role
 * whose password comes from a secret and whose stored verifier can be read, run over every core before the
 * sequential planning and remembered until the next plan ({@link RememberedChecks}: in memory, or in the state
 * directory for the next process, the planner's only I/O).
 */
public final class Planner {

    private final PasswordVerdicts passwordVerdicts;

    /**
     * Checks passwords with SCRAM over every core and remembers the outcomes until the next plan: plan again with
     * the same planner (as the daemon does each cycle) and unchanged secrets and verifiers cost no PBKDF2.
     */
    public Planner() {
        this(PasswordCheck.SCRAM, PasswordVerdicts.Spread.ALL_CORES, RememberedChecks.inMemory());
    }

    /** Remembers the outcomes of its checks in {@code remembered}, e.g. the state directory for the next process. */
    public static Planner remembering(RememberedChecks remembered) {
        return new Planner(PasswordCheck.SCRAM, PasswordVerdicts.Spread.ALL_CORES, remembered);
    }

    /** A planner that checks stored passwords with {@code passwordCheck}; tests count or fake the checks with it. */
    public static Planner checkingWith(PasswordCheck passwordCheck) {
        return checkingWith(passwordCheck, RememberedChecks.inMemory());
    }

    public static Planner checkingWith(PasswordCheck passwordCheck, RememberedChecks remembered) {
        return new Planner(passwordCheck, PasswordVerdicts.Spread.ALL_CORES, remembered);
    }

    /** Checks on one thread or over every core, so tests can compare the two. */
    public static Planner checkingWith(PasswordCheck passwordCheck, PasswordVerdicts.Spread spread) {
        return new Planner(passwordCheck, spread, RememberedChecks.inMemory());
    }

    private Planner(PasswordCheck passwordCheck, PasswordVerdicts.Spread spread, RememberedChecks remembered) {
        this.passwordVerdicts = new PasswordVerdicts(passwordCheck, spread, remembered);
    }

    /**
     * Tells the planner that {@code verifier} was made from {@code plaintext} for {@code role} (the applier made
     * it), so the next plan need not check that pair again.
     */
    public void rememberMatch(String role, Secret plaintext, ScramVerifier verifier) {
        passwordVerdicts.rememberMatch(role, plaintext, verifier);
    }

    /**
     * {@code changes} ready to apply, in the same order: each password set from a plaintext gets its verifier, made
     * here over every core ({@link Verifiers}), and remembered to match its secret, so the checking plan afterwards
     * needs no PBKDF2 for it.
     */
    public List<Change> prepared(List<Change> changes) {
        return Verifiers.made(changes, this::rememberMatch);
    }

    /** For a spec that manages no password. */
    public Plan plan(Spec spec, LiveState live) {
        return plan(spec, live, DesiredPasswords.NONE);
    }

    /**
     * @param passwords the spec's password sources, read by a {@code SecretResolver}
     * @throws PlanningException listing every reference the spec makes that neither it nor the server satisfies
     */
    public Plan plan(Spec spec, LiveState live, DesiredPasswords passwords) {
        return plan(spec, live, passwords, ResolvedTls.NONE, Instant.now());
    }

    /**
     * @param tls the spec's TLS material read, issued and checked for this server by a {@code TlsResolver}
     * @param now when certificates' days to expiry are counted from
     */
    public Plan plan(Spec spec, LiveState live, DesiredPasswords passwords, ResolvedTls tls, Instant now) {
        return plan(spec, live, passwords, tls, now, AgentLogin.WITHOUT_PASSWORD);
    }

    /**
     * @param agent how the agent logs in to the role it connects as, so a change that would stop it is found
     */
    public Plan plan(Spec spec, LiveState live, DesiredPasswords passwords, ResolvedTls tls, Instant now,
                     AgentLogin agent) {
        Findings findings = new Findings();
        List<UnmanagedObject> unmanaged = UnmanagedObjects.of(spec, live);
        Spec planned = UnmanagedObjects.withDrops(spec, live, unmanaged);
        ServerInfo server = live.server();
        new RolePlanner(planned, server, live.roles(),
                PasswordComparison.checking(planned, live.roles(), passwords, passwordVerdicts), agent, now, findings)
                .plan();
        Predicate<String> roleExistsAfterPlan = live.roles().existingAfter(planned);
        new TlsPlanner(tls, now, findings).plan();
        if (tls.managed() && !listensOnTcp(spec, live)) {
            findings.problems.add("tls: the server is to listen on no TCP address (listen_addresses is empty), so no "
                    + "client could use the certificate and the agent cannot prove which one it serves: set "
                    + "server.listen_addresses, or leave the tls section out");
        }
        // ssl = on and the file names only for material that passed its checks, so a reload never breaks TLS
        new SettingsPlanner(spec.server().plus(tls.settings()), live.settings(), live.server().major(), findings)
                .plan();
        new ObjectSettingsPlanner(live.settings(), live.server().major(), live.server().currentUser(), findings)
                .plan(spec.roles(), spec.databases());
        PlanContext context = new PlanContext(spec, planned,
                address -> RoleKind.NAME.equals(address.kind()) && roleExistsAfterPlan.test(address.names().get(0)));
        live.kinds().forEach(kind -> kind.plan(context, findings));
        // after the memberships: pg_hba.conf's +group rules are judged by the grants the apply leaves
        new HbaPlanner(planned.hba(), live.hba(), live.roles(), live.memberships(), findings).plan();
        if (!findings.problems.isEmpty()) {
            throw new PlanningException(findings.problems);
        }
        findings.manualActions.sort(Comparator.comparing(ManualAction::address, Kinds.ORDER.addresses()));
        // the policy's ignore hides them from the list too
        findings.unmanaged.retainAll(unmanaged.stream().map(UnmanagedObject::address).toList());
        findings.unmanaged.sort(Kinds.ORDER.addresses());
        return new Plan(Kinds.ORDER.sort(findings.changes), findings.manualActions, findings.unmanaged,
                findings.warnings, unmanaged, tls.known());
    }

    /** The spec's listen_addresses, else the server's: TLS and its probe need a TCP address. */
    private static boolean listensOnTcp(Spec spec, LiveState live) {
        List<String> desired = spec.server().listenAddresses();
        if (desired != null) {
            return !desired.isEmpty();
        }
        return live.settings().parameter("listen_addresses").map(p -> !p.setting().isBlank()).orElse(true);
    }
}
