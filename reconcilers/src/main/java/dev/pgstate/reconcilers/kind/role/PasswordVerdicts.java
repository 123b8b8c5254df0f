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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the planner's password checks, the one costly step of planning (a PBKDF2 each, about 0.5-5 ms at 4096
 * iterations), spread over every core while the planner plans the other kinds, and remembers their outcomes until the next plan ({@link RememberedChecks}:
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
     * Begins the checks of one plan: the outcomes remembered from the previous plan, in memory or as fingerprints,
     * are looked up on this thread; the other checks begin on helper threads (one fewer than the cores; none when
     * sequential), and {@link Checking#outcomes} takes part in them, so the planner may plan other kinds meanwhile.
     */
    synchronized Checking start(List<Pending> pending) {
        Map<String, Outcome> known = new HashMap<>();
        List<Pending> unknown = new ArrayList<>();
        int unchanged = 0;
        for (Pending p : pending) {
            Outcome before = latestByRole == null ? null : latestByRole.get(p.role());
            if (before != null && before.isFor(p)) {
                known.put(p.role(), before);
                unchanged++;
            } else {
                // on this thread: spread over the cores, a converged plan's lookups (run by C1 alone) cost more than
                // they saved (at 1,000 roles 50 ms more CPU and 30 ms more wall, at 10,000 a second more CPU)
                remembered.known(p.role(), p.plaintext(), p.stored()).ifPresentOrElse(k -> known.put(p.role(),
                        new Outcome(p.plaintext(), p.stored().text(), k.matched(), k.fingerprint())),
                        () -> unknown.add(p));
            }
        }
        // the very outcomes of the latest plan, no more, no fewer: what is remembered stays as it is; a first plan
        // keeps its outcomes even when it has none, so that the launcher gives the next process the quick JIT
        boolean keep = latestByRole == null || unchanged != pending.size() || unchanged != latestByRole.size();
        CheckRun run = new CheckRun(unknown, check);
        int helpers = spread == Spread.ALL_CORES ? Runtime.getRuntime().availableProcessors() - 1 : 0;
        for (int i = 0; i < Math.min(helpers, unknown.size()); i++) {
            ForkJoinPool.commonPool().execute(run::work);
        }
        Checking checks = new Checking(pending.size(), known, unknown, run, keep);
        if (unknown.isEmpty()) {
            checks.outcomes(); // nothing to wait for: remembered now, even when no role has a password to check
        }
        return checks;
    }

    /** The checks of one plan under way. */
    final class Checking {

        private final int pending;
        private final Map<String, Outcome> known;
        private final List<Pending> unknown;
        private final Set<String> checking;
        private final CheckRun run;
        private final boolean keep;
        private Map<String, Boolean> outcomes;

        private Checking(int pending, Map<String, Outcome> known, List<Pending> unknown, CheckRun run, boolean keep) {
            this.pending = pending;
            this.known = known;
            this.unknown = unknown;
            this.checking = unknown.stream().map(Pending::role).collect(Collectors.toSet());
            this.run = run;
            this.keep = keep;
        }

        /** Whether {@code role}'s outcome is being computed, neither known from memory nor remembered. */
        boolean computes(String role) {
            return checking.contains(role);
        }

        /** Every outcome by role, once the checks are done (this thread helps), remembered as the latest plan's. */
        synchronized Map<String, Boolean> outcomes() {
            if (outcomes == null) {
                outcomes = finish(this);
            }
            return outcomes;
        }
    }

    private synchronized Map<String, Boolean> finish(Checking checks) {
        boolean[] matched = checks.run.outcomes();
        Map<String, Outcome> byRole = new HashMap<>(checks.known);
        // their fingerprints over every core too, after the checks: beside them, as HMACs, they had delayed the
        // compiling of the PBKDF2 loop
        byRole.putAll(spread(IntStream.range(0, checks.unknown.size()).boxed().toList()).collect(Collectors.toMap(
                i -> checks.unknown.get(i).role(), i -> checked(checks.unknown.get(i), matched[i]))));
        if (checks.keep) {
            Set<ByteBuffer> latest = new HashSet<>();
            byRole.values().forEach(outcome -> latest.add(outcome.fingerprint()));
            remembered.keep(latest);
        }
        latestByRole = byRole;
        if (checks.pending > 0) {
            LOG.debug("event=password_checks remembered={} computed={}", checks.pending - checks.unknown.size(),
                    checks.unknown.size());
        }
        Map<String, Boolean> outcomes = new HashMap<>();
        byRole.forEach((role, outcome) -> outcomes.put(role, outcome.matched()));
        return outcomes;
    }

    private Outcome checked(Pending check, boolean matched) {
        return new Outcome(check.plaintext(), check.stored().text(), matched,
                remembered.fingerprint(check.role(), check.plaintext(), check.stored(), matched));
    }

    private <T> Stream<T> spread(List<T> work) {
        return spread == Spread.ALL_CORES ? work.parallelStream() : work.stream();
    }

    /**
     * Checks shared out by index between helper threads and the thread that needs their outcomes, which takes the
     * next one not begun until none is left and then waits for those still running.
     */
    private static final class CheckRun {

        private final List<Pending> checks;
        private final PasswordCheck check;
        private final boolean[] matched;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private volatile Throwable failure;

        CheckRun(List<Pending> checks, PasswordCheck check) {
            this.checks = checks;
            this.check = check;
            this.matched = new boolean[checks.size()];
            this.done = new CountDownLatch(checks.size());
        }

        void work() {
            for (int i = next.getAndIncrement(); i < checks.size(); i = next.getAndIncrement()) {
                try {
                    matched[i] = check.matches(checks.get(i).plaintext(), checks.get(i).stored());
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    done.countDown();
                }
            }
        }

        /** The outcomes in the order of the checks; a check's failure is thrown here, on the waiting thread. */
        boolean[] outcomes() {
            work();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for password checks", e);
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return matched;
        }
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
