package dev.pgstate.reconcilers.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
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
        assertBroken(EngineRules.coreNamesNoKind(ROOT), FIXTURE, "fixture.core.Base", "fixture.kind.alpha.Alpha");
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
        assertBroken(EngineRules.kindsUseOnlyTheirNeeds(ROOT, Map.of()), FIXTURE,
                "kind beta does not declare alpha among its needs");
    }

    @Test
    void aDeclaredNeedIsAllowed() {
        assertThatCode(() -> EngineRules.kindsUseOnlyTheirNeeds(ROOT, Map.of("beta", Set.of("alpha"))).check(FIXTURE))
                .doesNotThrowAnyException();
    }

    @Test
    void aConvergeClassThatNamesAKindBreaksTheConvergeRuleWhileTheRegistryDoesNot() {
        assertThatThrownBy(() -> EngineRules.convergeNamesNoKind(ROOT).check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("fixture.converge.Planner", "fixture.kind.alpha.Alpha",
                        "fixture.converge.Converger", "fixture.kind.beta.Beta")
                .hasMessageNotContaining("fixture.registry.Registry");
    }

    @Test
    void aClassOutsideTheRegistryAndTheOneKindFeaturesThatNamesAKindBreaksThatRule() {
        assertThatThrownBy(() -> EngineRules.onlyTheRegistryAndOneKindsFeaturesNameKinds(ROOT).check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("fixture.core.Base", "fixture.converge.Planner", "fixture.converge.Converger")
                .hasMessageNotContaining("fixture.registry.Registry").hasMessageNotContaining("fixture.facade.Engine");
    }

    @Test
    void aFacadeClassThatNamesAKindNotItsOwnVerbsBreaksTheFacadeRule() {
        assertBroken(EngineRules.theFacadeNamesOnly(ROOT, Map.of("Engine", Set.of("alpha"), "SealingKeys",
                Set.of("alpha"))), FIXTURE, "fixture.facade.Engine", "fixture.kind.beta.Beta");
        assertThatCode(() -> EngineRules.theFacadeNamesOnly(ROOT, Map.of("Engine", Set.of("beta"), "SealingKeys",
                Set.of("alpha"))).check(FIXTURE)).doesNotThrowAnyException();
    }

    @Test
    void aFacadeClassWithNoKindsVerbThatNamesAKindBreaksTheFacadeRule() {
        assertThatThrownBy(() -> EngineRules.theFacadeNamesOnly(ROOT, Map.of("Engine", Set.of("beta"))).check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("fixture.facade.SealingKeys", "fixture.kind.alpha.Alpha")
                .hasMessageNotContaining("fixture.facade.Engine");
    }

    @Test
    void theWrongImportClosesACycleThatTheCycleRuleFinds() {
        assertBroken(EngineRules.noCycles(ROOT), FIXTURE, "Cycle detected");
    }

    @Test
    void aCoreIndexOverTheWholeLiveStateBreaksTheCoreRule() {
        assertBroken(EngineRules.coreNamesNoKind(GATHERED_ROOT), GATHERED, "gathered.core.plan.Index",
                "gathered.converge.AllLive");
    }

    @Test
    void aKindPlannerThatReadsTheWholeLiveStateBreaksTheKindRule() {
        assertBroken(EngineRules.kindsUseOnlyTheirNeeds(GATHERED_ROOT, Map.of()), GATHERED,
                "gathered.kind.alpha.AlphaPlanner", "gathered.converge.AllLive");
    }

    @Test
    void theWholeLiveStateClosesACycleWithTheKindsItGathers() {
        assertBroken(EngineRules.noCycles(GATHERED_ROOT), GATHERED, "Cycle detected");
    }

    /** {@code rule} fails on {@code classes}, naming each of {@code named}. */
    private static void assertBroken(ArchRule rule, JavaClasses classes, String... named) {
        assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class)
                .hasMessageContainingAll(named);
    }
}
