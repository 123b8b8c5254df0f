package dev.pgstate.agent.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent's view of the engine as a rule over two roots ({@code dev.pgstate.agent} over
 * {@code dev.pgstate.reconcilers} in the build, a fixture's in the test of the rule): the agent uses the engine's
 * facade, its plan types ({@code core.plan}) and its renderers ({@code render}, {@code lint.render}), and besides
 * them only the classes named in {@code vocabulary}: results and inputs the facade's verbs take and return, and the
 * engine's errors the CLI maps onto exit codes.
 */
final class AgentRules {

    /** The engine's packages the agent may use whole. */
    static final Set<String> OPEN_PACKAGES = Set.of("facade", "core.plan", "core.failure", "render", "lint.render");

    private AgentRules() {
    }

    /** @param vocabulary classes outside {@link #OPEN_PACKAGES}, relative to {@code engine} ({@code lint.LintReport}) */
    static ArchRule agentUsesOnlyTheFacade(String agent, String engine, Set<String> vocabulary) {
        String[] open = OPEN_PACKAGES.stream().map(name -> engine + "." + name + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(agent + "..")
                .should().dependOnClassesThat(resideInAPackage(engine + "..").and(not(resideInAnyPackage(open)))
                        .and(not(named(engine, vocabulary))))
                .because("the agent talks to the engine through its facade and gets typed results back; the rest "
                        + "of the engine may change without the agent noticing");
    }

    /** The classes named, with their nested classes. */
    private static DescribedPredicate<JavaClass> named(String engine, Set<String> vocabulary) {
        if (vocabulary.isEmpty()) {
            return DescribedPredicate.alwaysFalse();
        }
        String names = vocabulary.stream().map(name -> (engine + "." + name).replace(".", "\\."))
                .collect(Collectors.joining("|"));
        return nameMatching("(" + names + ")(\\$.*)?").forSubtype();
    }
}
