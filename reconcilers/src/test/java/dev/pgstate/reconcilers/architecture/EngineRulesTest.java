package dev.pgstate.reconcilers.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The test of the test: the rules fail on a fixture with a deliberately wrong import, and name it. */
class EngineRulesTest {

    private static final String ROOT = "dev.pgstate.reconcilers.architecture.fixture";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT);

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
}
