package dev.pgstate.reconcilers.apply;

import dev.pgstate.reconcilers.plan.Change;
import dev.pgstate.reconcilers.sql.ServerError;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an apply did: the changes now on the server, the one that failed (if any) with the server's error, the
 * changes of its transaction that were rolled back with it, and those never attempted.
 */
public record ApplyResult(List<Change> applied, Optional<Failure> failure, List<Change> rolledBack,
                          List<Change> notAttempted) {

    public ApplyResult {
        applied = List.copyOf(applied);
        Objects.requireNonNull(failure, "failure");
        rolledBack = List.copyOf(rolledBack);
        notAttempted = List.copyOf(notAttempted);
    }

    public static ApplyResult completed(List<Change> applied) {
        return new ApplyResult(applied, Optional.empty(), List.of(), List.of());
    }

    public static ApplyResult failed(List<Change> applied, Failure failure, List<Change> rolledBack,
                                     List<Change> notAttempted) {
        return new ApplyResult(applied, Optional.of(failure), rolledBack, notAttempted);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /**
     * The change that failed and why. {@code where} says where it failed when that is not the maintenance
     * database (e.g. {@code in database "appdb"}), else it is empty.
     */
    public record Failure(Change change, ServerError error, String where) {

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
