package dev.pgstate.reconcilers.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine's layering holds in the main classes, without exception; {@link EngineRulesTest} shows the rules failing
 * when broken.
 */
class EngineArchitectureTest {

    private static final String ROOT = "dev.pgstate.reconcilers";
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    @Test
    void theCoreNamesNoKind() {
        EngineRules.coreNamesNoKind(ROOT).check(ENGINE);
    }

    @Test
    void onlyAKindMakesItsName() {
        EngineRules.onlyKindsNameThemselves(ROOT).check(ENGINE);
    }

    @Test
    void aKindUsesAnotherKindOnlyWhenItDeclaresItAmongItsNeeds() {
        EngineRules.kindsUseOnlyTheirNeeds(ROOT, declaredNeeds()).check(ENGINE);
    }

    @Test
    void theConvergeStageNamesNoKind() {
        EngineRules.convergeNamesNoKind(ROOT).check(ENGINE);
    }

    @Test
    void onlyTheRegistryAndTheFeaturesThatAreOneKindsNameKinds() {
        EngineRules.onlyTheRegistryAndOneKindsFeaturesNameKinds(ROOT).check(ENGINE);
    }

    @Test
    void theFacadeNamesOnlyTheKindsOfItsOneKindVerbs() {
        EngineRules.theFacadeNamesOnly(ROOT, Map.of("Engine", Set.of("tls"),
                "HbaExplaining", Set.of("hba", "role", "membership"))).check(ENGINE);
    }

    @Test
    void noCycleAmongTheEnginesPackages() {
        EngineRules.noCycles(ROOT).check(ENGINE);
    }

    /** From the registry: each kind's package and the packages of the kinds it needs. */
    private static Map<String, Set<String>> declaredNeeds() {
        Map<KindName, String> packages = Kinds.ALL.stream()
                .collect(Collectors.toMap(ManagedKind::name, EngineArchitectureTest::packageOf));
        return Kinds.ALL.stream().collect(Collectors.toMap(EngineArchitectureTest::packageOf,
                kind -> kind.needs().stream().map(packages::get).collect(Collectors.toSet())));
    }

    private static String packageOf(ManagedKind kind) {
        String name = kind.getClass().getPackageName();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
