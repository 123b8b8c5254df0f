package dev.pgstate.reconcilers.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The test of the test: the rules fail on a fixture with a deliberately wrong import, and name it; and on a second
 * one shaped as the engine's whole live state once was (every kind's records gathered outside the kinds, a core index
 * over them, a kind's planner reading them), which the rules no longer excuse.
 */
class EngineRulesTest {

    private static final String ROOT = "dev.pgstate.reconcilers.architecture.fixture";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT);
    private static final String GATHERED_ROOT = "dev.pgstate.reconcilers.architecture.gathered";
    private static final JavaClasses GATHERED = new ClassFileImporter().importPackages(GATHERED_ROOT);

    @Test
    void aCoreClassThatNamesAKindBreaksTheCoreRule() {
        assertThatThrownBy(() -> EngineRules.coreNamesNoKind(ROOT).check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.core.Base").hasMessageContaining("fixture.kind.alpha.Alpha");
    }

    @Test
    void aCoreClassThatMakesAKindsNameBreaksTheNamingRuleWhileTheKindsOwnNameDoesNot() {
        assertThatThrownBy(() -> EngineRules.onlyKindsNameThemselves(ROOT).check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.core.plan.Order").hasMessageContaining("KindName.<init>")
                .hasMessageNotContaining("fixture.kind.alpha.Alpha");
    }

    @Test
    void aKindThatUsesAnUndeclaredKindBreaksTheKindRule() {
        assertThatThrownBy(() -> EngineRules.kindsUseOnlyTheirNeeds(ROOT, Map.of()).check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("kind beta does not declare alpha among its needs");
    }

    @Test
    void aDeclaredNeedIsAllowed() {
        assertThatCode(() -> EngineRules.kindsUseOnlyTheirNeeds(ROOT, Map.of("beta", Set.of("alpha"))).check(FIXTURE))
                .doesNotThrowAnyException();
    }

    @Test
    void theWrongImportClosesACycleThatTheCycleRuleFinds() {
        assertThatThrownBy(() -> EngineRules.noCycles(ROOT).check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }

    @Test
    void aCoreIndexOverTheWholeLiveStateBreaksTheCoreRule() {
        assertThatThrownBy(() -> EngineRules.coreNamesNoKind(GATHERED_ROOT).check(GATHERED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gathered.core.plan.Index").hasMessageContaining("gathered.converge.AllLive");
    }

    @Test
    void aKindPlannerThatReadsTheWholeLiveStateBreaksTheKindRule() {
        assertThatThrownBy(() -> EngineRules.kindsUseOnlyTheirNeeds(GATHERED_ROOT, Map.of()).check(GATHERED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gathered.kind.alpha.AlphaPlanner")
                .hasMessageContaining("gathered.converge.AllLive");
    }

    @Test
    void theWholeLiveStateClosesACycleWithTheKindsItGathers() {
        assertThatThrownBy(() -> EngineRules.noCycles(GATHERED_ROOT).check(GATHERED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }
}
