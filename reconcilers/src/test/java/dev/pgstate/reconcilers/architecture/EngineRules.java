package dev.pgstate.reconcilers.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Set;

/**
 * The engine's layering as rules over a root package ({@code dev.pgstate.reconcilers} in the build, a fixture's in
 * the test of these rules): {@code ROOT.core} names no kind and not the registry; a kind's name
 * ({@code ROOT.core.plan.KindName}) is made only in the kind's own package, so no other package (the core, the
 * registry, the renderers) can name a kind without naming its class; a class of {@code ROOT.kind.X}
 * depends on its own package, the core, the model, the shared libraries and the JDK and third-party code, and on
 * another kind only when X's kind declares that kind among its needs; the converge stage
 * ({@code ROOT.converge}) names no kind, only the registry ({@code ROOT.registry}) does; no cycle among the engine's
 * packages.
 */
final class EngineRules {

    /** Engine packages that are libraries of no kind: any kind may use them. */
    static final Set<String> LIBRARIES = Set.of("conf", "regex", "secret");

    private EngineRules() {
    }

    static ArchRule coreNamesNoKind(String root) {
        return noClasses().that().resideInAPackage(root + ".core..")
                .should().dependOnClassesThat(resideOutsideOfPackages(root + ".core..", "java..", "javax..",
                        "org.slf4j..", "org.postgresql..", "org.newsclub..", "com.fasterxml.jackson..",
                        "dev.pgstate.model..", libraries(root)))
                .because("the core is what every kind builds on, so it names none of them, nor the registry");
    }

    static ArchRule onlyKindsNameThemselves(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".kind..")
                .should().callConstructor(root + ".core.plan.KindName", String.class.getName())
                .because("each kind declares its own name in its package; a name made elsewhere (an enum of "
                        + "kinds in the core, a label in a renderer) is a kind that the core names unseen");
    }

    /** @param needs for each kind's package name (e.g. {@code membership}), the kinds' packages it may use */
    static ArchRule kindsUseOnlyTheirNeeds(String root, Map<String, Set<String>> needs) {
        return classes().that().resideInAPackage(root + ".kind..")
                .should(useNoOtherKindThanTheirNeeds(root, needs))
                .andShould().onlyDependOnClassesThat(resideInAnyPackage(root + ".kind..", root + ".core..",
                        "java..", "javax..", "org.slf4j..", "org.postgresql..", "org.bouncycastle..",
                        "com.fasterxml.jackson..", "dev.pgstate.model..", libraries(root)));
    }

    /**
     * The converge stage, the whole package (the live state read, planning, a saved plan's digests, export, the apply
     * and its checks before and after): it reaches the kinds only through the registry ({@code ROOT.registry}) and the
     * core's types.
     */
    static ArchRule convergeNamesNoKind(String root) {
        return noClasses().that().resideInAPackage(root + ".converge..")
                .should().dependOnClassesThat().resideInAPackage(root + ".kind..")
                .because("every kind reads, resolves, plans, checks, digests and exports itself (ManagedKind, "
                        + "KindState, Change), so a kind added to the registry needs no line in the converge stage");
    }

    /**
     * The features that are one kind's by nature (explain and lint read pg_hba.conf's rules, issue-client-cert the TLS
     * kind's CA) live in {@code ROOT.facade}, {@code ROOT.lint} and {@code ROOT.render}; with the kinds and the
     * registry they are the only packages that name a kind.
     */
    static ArchRule onlyTheRegistryAndOneKindsFeaturesNameKinds(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".kind..", root + ".registry..", root + ".facade..",
                        root + ".lint..", root + ".render..")
                .should().dependOnClassesThat().resideInAPackage(root + ".kind..")
                .because("every other stage reaches the kinds through the registry and the core's types");
    }

    /**
     * Each class of the facade names only the kinds of the verbs that are theirs ({@code kindsByClass}, by the simple
     * name of the top-level class: {@code Engine} the TLS kind's CA for issue-client-cert); any other class of the
     * facade, as the state directory, names no kind: plan and apply, their lockout policy, password checks and the
     * state directory's key go through the registry and the core.
     */
    static ArchRule theFacadeNamesOnly(String root, Map<String, Set<String>> kindsByClass) {
        String kinds = root + ".kind.";
        return classes().that().resideInAPackage(root + ".facade..")
                .should(new ArchCondition<>("name only the kinds of the verbs that are theirs") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        // a nested or anonymous class is its top-level class's
                        String topLevel = item.getName().substring(item.getPackageName().length() + 1)
                                .split("\\$")[0];
                        Set<String> allowed = kindsByClass.getOrDefault(topLevel, Set.of());
                        for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                            String target = kindOf(dependency.getTargetClass().getPackageName(), kinds);
                            if (target != null && !allowed.contains(target)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                        + ": only a verb that is one kind's by nature may name that kind, and "
                                        + topLevel + " has no verb of kind " + target));
                            }
                        }
                    }
                });
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    private static String libraries(String root) {
        return root + ".(" + String.join("|", LIBRARIES) + ")..";
    }

    private static ArchCondition<JavaClass> useNoOtherKindThanTheirNeeds(String root, Map<String, Set<String>> needs) {
        String kinds = root + ".kind.";
        return new ArchCondition<>("use no other kind than those their kind needs") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = kindOf(item.getPackageName(), kinds);
                for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                    String target = kindOf(dependency.getTargetClass().getPackageName(), kinds);
                    if (target != null && !target.equals(own) && !needs.getOrDefault(own, Set.of()).contains(target)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                + ": kind " + own + " does not declare " + target + " among its needs"));
                    }
                }
            }
        };
    }

    /** {@code membership} for {@code ROOT.kind.membership} and its subpackages; null outside the kinds. */
    private static String kindOf(String packageName, String kinds) {
        if (!packageName.startsWith(kinds)) {
            return null;
        }
        String rest = packageName.substring(kinds.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
