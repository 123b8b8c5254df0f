package dev.pgstate.agent.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The test of the test: an agent class that reaches past the facade breaks the rule, which names it. */
class AgentRulesTest {

    private static final String ROOT = "dev.pgstate.agent.architecture.fixture";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT);

    @Test
    void anAgentClassThatUsesAnEngineClassBehindTheFacadeBreaksTheRule() {
        assertThatThrownBy(() -> AgentRules.agentUsesOnlyTheFacade(ROOT + ".agent", ROOT + ".engine", Set.of())
                .check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.agent.Verb").hasMessageContaining("fixture.engine.kind.Inner")
                .hasMessageNotContaining("fixture.engine.facade.Door>");
    }

    @Test
    void anEngineClassNamedInTheVocabularyIsAllowed() {
        assertThatCode(() -> AgentRules.agentUsesOnlyTheFacade(ROOT + ".agent", ROOT + ".engine",
                Set.of("kind.Inner")).check(FIXTURE)).doesNotThrowAnyException();
    }
}
