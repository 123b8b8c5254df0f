package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.failure.FailureCause;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Change;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an apply did: the changes now on the server; the ones that failed, each with why (the server's error or one
 * the agent found on the box); the changes that were rolled back with a failed one and not tried again; and those
 * never attempted, because they need a change that failed, or the apply stopped before them (at a file it could not
 * install, which goes before the SQL changes, or at a lost session).
 */
public record ApplyResult(List<Change> applied, List<Failure> failures, List<Change> rolledBack,
                          List<Change> notAttempted) {

    public ApplyResult {
        applied = List.copyOf(applied);
        failures = List.copyOf(failures);
        rolledBack = List.copyOf(rolledBack);
        notAttempted = List.copyOf(notAttempted);
    }

    public static ApplyResult completed(List<Change> applied) {
        return new ApplyResult(applied, List.of(), List.of(), List.of());
    }

    public static ApplyResult failed(List<Change> applied, Failure failure, List<Change> rolledBack,
                                     List<Change> notAttempted) {
        return new ApplyResult(applied, List.of(failure), rolledBack, notAttempted);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** The first change that failed, if any. */
    public Optional<Failure> failure() {
        return failures.stream().findFirst();
    }

    /** One line for a report: the first failure in the server's words, and how many more changes failed. */
    public Optional<String> failureSummary() {
        int more = failures.size() - 1;
        return failure().map(first -> first.describe() + (more == 0 ? ""
                : " (and " + more + " more failed change" + (more == 1 ? "" : "s") + ")"));
    }

    /**
     * A later step's result after this one: its account of what is applied, and the failures, rolled back and not
     * attempted changes of both.
     */
    public ApplyResult followedBy(ApplyResult later) {
        return new ApplyResult(later.applied, concat(failures, later.failures), concat(rolledBack, later.rolledBack),
                concat(notAttempted, later.notAttempted));
    }

    /**
     * With every change of {@code all} (in that order) applied that this result does not name as failed, rolled
     * back or not attempted: the plan's other steps (TLS files, pg_hba.conf) succeeded too.
     */
    public ApplyResult withAlsoApplied(List<Change> all) {
        Set<Address> notApplied = new HashSet<>();
        failures.forEach(f -> notApplied.add(f.change().address()));
        rolledBack.forEach(c -> notApplied.add(c.address()));
        notAttempted.forEach(c -> notApplied.add(c.address()));
        return new ApplyResult(all.stream().filter(c -> !notApplied.contains(c.address())).toList(), failures,
                rolledBack, notAttempted);
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /**
     * The change that failed and why. {@code where} says where it failed when that is not the maintenance
     * database (e.g. {@code in database "appdb"}), else it is empty.
     */
    public record Failure(Change change, FailureCause error, String where) {

        public Failure {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(error, "error");
            where = where == null ? "" : where;
        }

        /** {@code role.app: role "app" cannot be dropped … (SQLSTATE 2BP01); DETAIL: owner of table t}. */
        public String describe() {
            return change.address() + (where.isEmpty() ? "" : " " + where) + ": " + error.describe();
        }
    }
}
