package dev.pgstate.agent.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent's main classes use the engine only through its facade; {@link AgentRulesTest} shows the rule failing. */
class AgentArchitectureTest {

    /**
     * What the facade's verbs take and return besides the facade's and the plan's own types; the engine's errors
     * are its error vocabulary ({@code core.failure}: one root exception whose kind the CLI maps onto exit codes).
     */
    private static final Set<String> VOCABULARY = Set.of(
            "core.connect.ConnectionSettings",
            "converge.ConvergeResult", "converge.PlanBasis", "core.apply.ApplyResult", "core.apply.EffectsResult", "core.sql.ServerError",
            "lint.LintReport", "secret.HmacSha256");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pgstate.agent", "dev.pgstate.reconcilers");

    @Test
    void theAgentUsesTheEngineOnlyThroughItsFacade() {
        AgentRules.agentUsesOnlyTheFacade("dev.pgstate.agent", "dev.pgstate.reconcilers", VOCABULARY)
                .check(CLASSES);
    }
}
