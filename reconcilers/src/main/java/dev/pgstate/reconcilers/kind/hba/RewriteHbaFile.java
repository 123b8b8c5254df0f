package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.FileChange;
import dev.pgstate.reconcilers.core.apply.FileRun;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites pg_hba.conf from {@code before} to {@code after} (whole texts) and reloads. The attributes are the
 * inserted, removed and moved rules with their line numbers. {@code lockouts} names every connection the new
 * rules would refuse that must keep working; apply refuses such a change unless told to allow it. {@code grammar}
 * is the server's, which the new file is checked against once the server has read it.
 */
public record RewriteHbaFile(Path file, String before, String after, List<AttributeChange<HbaRuleAttribute>> attributes,
                             List<String> lockouts, HbaGrammar grammar) implements FileChange {
    public RewriteHbaFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(grammar, "grammar");
        attributes = List.copyOf(attributes);
        lockouts = List.copyOf(lockouts);
    }

    public Address address() {
        return HbaKind.RULES;
    }

    public Action action() {
        return Action.ALTER;
    }

    /** Removing or moving a rule can change who gets in; so can a lockout found when planning. */
    public Set<Risk> risks() {
        boolean reordered = attributes.stream().anyMatch(a -> a.before() != null);
        return reordered || !lockouts.isEmpty() ? EnumSet.of(Risk.MAY_LOCK_OUT) : Set.of();
    }

    @Override
    public Effect effect() {
        return Effect.RELOAD;
    }

    /** Its rules may name the roles and databases the SQL changes create. */
    @Override
    public Execution execution() {
        return Execution.FILE_THEN_RELOAD;
    }

    /** Checked by the server before its reload; the previous file is back when anything fails ({@link HbaReconciler}). */
    @Override
    public Optional<ApplyResult.Failure> carryOut(FileRun run) throws SQLException {
        try (Connection current = run.server().connect()) {
            return new HbaReconciler(run.server(), run.listener(), run.reload()).apply(current, this, grammar);
        }
    }

    public String reason() {
        String reason = before.equals(after)
                ? file + " matches the spec but was written after the server last loaded it: it needs a reload"
                : file + " differs from the spec's rules";
        return lockouts.isEmpty() ? reason : reason + "; apply will refuse: " + String.join("; ", lockouts);
    }
}
