package dev.pgstate.reconcilers.kind.role;

import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.reconcilers.core.plan.Preparation;
import dev.pgstate.reconcilers.secret.Secret;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the planner's password checks, the one costly step of planning (a PBKDF2 each, about 2.5 ms at 4096
 * iterations), spread over every core, and remembers their outcomes until the next plan ({@link RememberedChecks}:
 * in memory, or also in the state directory for the next process): a daemon re-planning a converged server every
 * minute, or a second {@code plan} from the command line, pays for a check only when the secret, the stored verifier
 * or the role changed since. Only the outcomes of the latest plan are kept, so the memory never outgrows the spec and
 * forgets roles that left it.
 */
public final class PasswordVerdicts {

    /** One check the plan needs: does {@code plaintext} make {@code stored}? */
    record Pending(String role, Secret plaintext, ScramVerifier stored) {
    }

    /** Whether the checks of one plan run one after another or over every core; both give the same outcomes. */
    public enum Spread { SEQUENTIAL, ALL_CORES }

    private static final Logger LOG = LoggerFactory.getLogger(PasswordVerdicts.class);

    private final PasswordCheck check;
    private final Spread spread;
    private final RememberedChecks remembered;
    /**
     * The latest plan's outcomes by role, with the very secret and the verifier they were for: a plan handed the same
     * {@link Secret} (immutable, so the same password; a daemon's resolver hands out the same one while the file is
     * unchanged) against the same verifier knows the outcome without taking a fingerprint. Null before the first plan:
     * what is remembered then is not yet this object's to leave alone.
     */
    private Map<String, Outcome> latestByRole;

    /** One outcome of the latest plan and the fingerprint {@link RememberedChecks} remembers it by. */
    private record Outcome(Secret plaintext, String verifier, boolean matched, ByteBuffer fingerprint) {

        boolean isFor(Pending check) {
            return plaintext == check.plaintext() && verifier.equals(check.stored().text());
        }
    }

    public PasswordVerdicts(PasswordCheck check, Spread spread, RememberedChecks remembered) {
        this.check = check;
        this.spread = spread;
        this.remembered = remembered;
    }

    /** Checks with {@code check} over every core and remembers in memory; tests count or fake the checks with it. */
    public static PasswordVerdicts checkingWith(PasswordCheck check) {
        return new PasswordVerdicts(check, Spread.ALL_CORES, RememberedChecks.inMemory());
    }

    /** Checks with SCRAM over every core and remembers in {@code remembered}, e.g. the state directory. */
    public static PasswordVerdicts remembering(RememberedChecks remembered) {
        return new PasswordVerdicts(PasswordCheck.SCRAM, Spread.ALL_CORES, remembered);
    }

    /**
     * The outcome of every pending check by role: remembered ones from the previous plan, the others computed. Each
     * role not in this object's memory is looked up and, unless remembered, checked and fingerprinted on any core.
     * Synchronized so that two plans sharing one planner never interleave their memories.
     */
    synchronized Map<String, Boolean> matches(List<Pending> pending) {
        Map<String, Outcome> byRole = new HashMap<>();
        List<Pending> notInMemory = new ArrayList<>();
        for (Pending p : pending) {
            Outcome before = latestByRole == null ? null : latestByRole.get(p.role());
            if (before != null && before.isFor(p)) {
                byRole.put(p.role(), before);
            } else {
                notInMemory.add(p);
            }
        }
        int unchanged = byRole.size();
        // looked up on this thread: spread over the cores, a converged plan's lookups (run by C1 alone) cost more
        // than they saved (at 1,000 roles 50 ms more CPU and 30 ms more wall, at 10,000 a second more CPU)
        List<Pending> unknown = new ArrayList<>();
        for (Pending p : notInMemory) {
            remembered.known(p.role(), p.plaintext(), p.stored()).ifPresentOrElse(known -> byRole.put(p.role(),
                    new Outcome(p.plaintext(), p.stored().text(), known.matched(), known.fingerprint())),
                    () -> unknown.add(p));
        }
        // the checks over every core, then their outcomes' fingerprints: mixed with the checks, those HMACs ran
        // beside the first PBKDF2s while C2 compiled their loop
        Map<String, Boolean> matched = spread(unknown)
                .collect(Collectors.toMap(Pending::role, p -> check.matches(p.plaintext(), p.stored())));
        byRole.putAll(spread(unknown).collect(Collectors.toMap(Pending::role, p -> new Outcome(p.plaintext(),
                p.stored().text(), matched.get(p.role()),
                remembered.fingerprint(p.role(), p.plaintext(), p.stored(), matched.get(p.role()))))));
        // the very outcomes of the latest plan, no more, no fewer: what is remembered stays as it is; a first plan
        // keeps its outcomes even when it has none, so that the launcher gives the next process the quick JIT
        if (latestByRole == null || unchanged != pending.size() || unchanged != latestByRole.size()) {
            Set<ByteBuffer> latest = new HashSet<>();
            byRole.values().forEach(outcome -> latest.add(outcome.fingerprint()));
            remembered.keep(latest);
        }
        latestByRole = byRole;
        if (!pending.isEmpty()) {
            LOG.debug("event=password_checks remembered={} computed={}", pending.size() - unknown.size(),
                    unknown.size());
        }
        Map<String, Boolean> outcomes = new HashMap<>();
        byRole.forEach((role, outcome) -> outcomes.put(role, outcome.matched()));
        return outcomes;
    }

    private <T> Stream<T> spread(List<T> work) {
        return spread == Spread.ALL_CORES ? work.parallelStream() : work.stream();
    }

    /**
     * Remembers that {@code verifier} was made from {@code plaintext} for {@code role}, as the applier knows of each
     * verifier it sends: the plan that checks its work after an apply then costs no PBKDF2 for them.
     */
    public void rememberMatch(String role, Secret plaintext, ScramVerifier verifier) {
        remembered.add(remembered.fingerprint(role, plaintext, verifier, true));
    }

    /**
     * Makes a change that sets a password from a plaintext ready to apply: the verifier made ({@link Verifiers}) and
     * remembered to match its secret, so the checking plan afterwards needs no PBKDF2 for it.
     */
    public Preparation preparation() {
        return Preparation.of(Verifiers::needed, change -> Verifiers.made(change, this::rememberMatch));
    }
}
