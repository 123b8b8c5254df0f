package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.EffectsResult;
import dev.pgstate.reconcilers.core.failure.LocalFault;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.role.AlterRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The words of a failed apply's report. */
class TextApplyReportTest {

    /**
     * A change the apply stopped at (a file it could not install) and one after it that needs nothing of it: the
     * report says the apply stopped before it, not that it needs a failed change or that the session was lost.
     */
    @Test
    void changesAfterWhereTheApplyStoppedAreNotBlamedOnADependency() {
        Change stoppedAt = alter("admin");
        Change after = alter("app");
        ApplyResult applied = ApplyResult.failed(List.of(), new ApplyResult.Failure(stoppedAt,
                new LocalFault("cannot install TLS files: No space left on device"), ""), List.of(), List.of(after));
        ConvergeResult result = new ConvergeResult(ConvergeResult.Outcome.FAILED,
                new Plan(List.of(stoppedAt, after), List.of(), List.of()), applied, Optional.empty(),
                EffectsResult.none());

        assertThat(new TextApplyReport().render(result)).endsWith("""

                Apply failed at role.admin: cannot install TLS files: No space left on device

                Applied:
                  (nothing)
                Not attempted (the apply stopped before them, or they need a failed change):
                  ~ role.app
                """);
    }

    private static Change alter(String role) {
        return new AlterRole(role, List.of(new AttributeChange<>(RoleAttribute.CREATEROLE, true, false)), Set.of());
    }
}
