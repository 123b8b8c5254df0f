package dev.pgstate.agent.daemon;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.LockoutRefusedException;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.role.AlterRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Cycle reports built in code, for the listeners' tests. */
public final class CycleReportFixtures {

    public static final Instant STARTED = Instant.parse("2026-01-31T12:00:00Z");

    private CycleReportFixtures() {
    }

    /** {@code ALTER ROLE admin NOCREATEROLE} found and applied. */
    public static CycleReport healed(long number) {
        Change change = new AlterRole("admin",
                List.of(new AttributeChange<>(RoleAttribute.CREATEROLE, true, false)), Set.of());
        Plan plan = new Plan(List.of(change), List.of(), List.of());
        return new CycleReport(number, Mode.ENFORCE, STARTED, Duration.ofMillis(120), Optional.empty(),
                new ServerResult(Optional.of(plan), List.of(change), Optional.empty(), List.of(), false));
    }

    /** {@code ALTER ROLE postgres NOLOGIN} planned, and refused: the agent logs in as postgres. */
    public static CycleReport refusedForLockout(long number) {
        String lockout = "role.postgres: login false would stop the agent logging in as postgres";
        Change change = new AlterRole("postgres",
                List.of(new AttributeChange<>(RoleAttribute.LOGIN, true, false)), Set.of(), List.of(lockout));
        Plan plan = new Plan(List.of(change), List.of(), List.of());
        return new CycleReport(number, Mode.ENFORCE, STARTED, Duration.ofMillis(40), Optional.empty(),
                ServerResult.refusedForLockout(new LockoutRefusedException(plan, List.of(lockout))));
    }

    /** The server could not be reached, and the spec file had a problem too. */
    public static CycleReport failed(long number) {
        return new CycleReport(number, Mode.REPORT, STARTED, Duration.ofMillis(30), Optional.of("spec.yaml:1:1: bad"),
                ServerResult.failed("cannot connect to PostgreSQL at 127.0.0.1:5432 as postgres: Connection refused"));
    }
}
