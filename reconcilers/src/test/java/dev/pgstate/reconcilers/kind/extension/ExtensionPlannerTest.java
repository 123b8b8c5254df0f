package dev.pgstate.reconcilers.kind.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Warning;
import dev.pgstate.reconcilers.render.JsonPlanRenderer;
import dev.pgstate.reconcilers.render.TextPlanRenderer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec and live extensions built in code, the findings asserted whole; no server. */
class ExtensionPlannerTest {

    private static final AvailableExtension HSTORE = new AvailableExtension("hstore", "1.8",
            List.of("1.4", "1.5", "1.6", "1.7", "1.8"), Map.of("1.4", Set.of("1.5", "1.8"), "1.5", Set.of("1.8")));
    private static final AvailableExtension PG_TRGM = new AvailableExtension("pg_trgm", "1.6", List.of("1.3", "1.6"));
    private static final AvailableExtension CITEXT = new AvailableExtension("citext", "1.6", List.of("1.4", "1.6"));
    private static final AvailableExtension PG_STAT_STATEMENTS = new AvailableExtension("pg_stat_statements", "1.10",
            List.of("1.4", "1.10"));
    private static final Map<String, AvailableExtension> OFFERED = Map.of("hstore", HSTORE, "pg_trgm", PG_TRGM,
            "citext", CITEXT, "pg_stat_statements", PG_STAT_STATEMENTS);

    @Test
    void createsWhatIsMissingUpdatesWhatDiffersDropsOnlyWhatIsAbsent() {
        Map<String, LiveExtension> installed = Map.of(
                "hstore", new LiveExtension("hstore", "1.4", "public", true),
                "citext", new LiveExtension("citext", "1.6", "public", true),
                "unnamed", new LiveExtension("unnamed", "1.0", "public", true));
        Findings findings = plan(spec(new ExtensionSpec("hstore", "1.5", "ext", null, null),
                new ExtensionSpec("pg_trgm", null, null, null, true),
                new ExtensionSpec("citext", null, null, State.ABSENT, null)), installed);

        assertThat(findings.problems).isEmpty();
        assertThat(findings.changes).containsExactly(
                new AlterExtension("appdb", "hstore", List.of(
                        new AttributeChange<>(ExtensionAttribute.VERSION, "1.4", "1.5"),
                        new AttributeChange<>(ExtensionAttribute.SCHEMA, "public", "ext"))),
                new CreateExtension("appdb", "pg_trgm", "1.6", null, true),
                new DropExtension("appdb", "citext", "1.6", false));
        assertThat(findings.changes.get(0).statements(null)).containsExactly(
                "ALTER EXTENSION \"hstore\" UPDATE TO '1.5'", "ALTER EXTENSION \"hstore\" SET SCHEMA \"ext\"");
    }

    @Test
    void whatMatchesOrIsNotManagedPlansNothing() {
        Findings findings = plan(spec(ExtensionSpec.named("hstore"), new ExtensionSpec("citext", "1.6", "public",
                null, null), new ExtensionSpec("pg_trgm", null, null, State.ABSENT, null)), Map.of(
                "hstore", new LiveExtension("hstore", "1.4", "ext", true),
                "citext", new LiveExtension("citext", "1.6", "public", true)));

        assertThat(findings.changes).isEmpty();
        assertThat(findings.problems).isEmpty();
        assertThat(findings.warnings).isEmpty();
    }

    @Test
    void whatTheServerDoesNotOfferIsAProblemAtPlan() {
        Findings findings = plan(spec(ExtensionSpec.named("postgis"), new ExtensionSpec("hstore", "2.0", null, null,
                null)), Map.of());

        assertThat(findings.changes).isEmpty();
        assertThat(findings.problems).containsExactly(
                "extension.appdb.postgis: the server has no extension \"postgis\" (pg_available_extensions): install"
                        + " its package on the server's box first",
                "extension.appdb.hstore: the server has no version \"2.0\" of \"hstore\"; it offers 1.4, 1.5, 1.6,"
                        + " 1.7, 1.8");
    }

    @Test
    void aVersionWithoutAnUpdatePathIsAProblemAtPlan() {
        Findings findings = plan(spec(new ExtensionSpec("hstore", "1.4", null, null, null)),
                Map.of("hstore", new LiveExtension("hstore", "1.5", "public", true)));

        assertThat(findings.changes).isEmpty();
        assertThat(findings.problems).containsExactly("extension.appdb.hstore: the server has no update path from"
                + " version \"1.5\" to \"1.4\" of \"hstore\" (pg_extension_update_paths); going back needs dropping"
                + " and creating it again, which a person must decide");
    }

    @Test
    void aSchemaThatCannotMoveNeedsAPerson() {
        Findings findings = plan(spec(new ExtensionSpec("hstore", null, "ext", null, null)),
                Map.of("hstore", new LiveExtension("hstore", "1.4", "public", false)));

        assertThat(findings.changes).isEmpty();
        assertThat(findings.manualActions).singleElement().satisfies(action -> {
            assertThat(action.address()).hasToString("extension.appdb.hstore");
            assertThat(action.reason()).startsWith("the extension cannot be moved (it is not relocatable)");
        });
    }

    @Test
    void anExtensionThatNeedsAPreloadedLibrarySaysWhy() {
        Spec wanted = spec(ExtensionSpec.named("pg_stat_statements"));
        String needs = "\"pg_stat_statements\" works only with pg_stat_statements in shared_preload_libraries";

        assertThat(warnings(wanted, List.of("auto_explain"))).containsExactly(needs
                + ", which the server does not load: add it under server.settings (a restart)");
        assertThat(warnings(wanted, null)).containsExactly(needs + "; the agent cannot read that setting (it needs"
                + " pg_read_all_settings) to tell whether the server loads it");
        assertThat(warnings(wanted, List.of("pg_stat_statements"))).isEmpty();
        Spec preloading = Spec.builder().databases(wanted.databases())
                .server(ServerSpec.builder().settings(Map.of("shared_preload_libraries", "pg_stat_statements")).build())
                .build();
        assertThat(warnings(preloading, List.of())).isEmpty();
        Spec leavingOut = Spec.builder().databases(wanted.databases())
                .server(ServerSpec.builder().settings(Map.of("shared_preload_libraries", "auto_explain")).build())
                .build();
        assertThat(warnings(leavingOut, List.of("pg_stat_statements")))
                .containsExactly(needs + ", which the spec's server.settings leaves out");
    }

    @Test
    void bothRenderingsShowTheChangesWithTheirReasons() {
        Findings findings = plan(spec(new ExtensionSpec("hstore", "1.5", null, null, null),
                new ExtensionSpec("pg_trgm", null, "ext", null, null),
                new ExtensionSpec("citext", null, null, State.ABSENT, true)), Map.of(
                "hstore", new LiveExtension("hstore", "1.4", "public", true),
                "citext", new LiveExtension("citext", "1.6", "public", true)));
        Plan plan = new Plan(findings.changes, List.of(), List.of());

        assertThat(new TextPlanRenderer().render(plan)).isEqualTo("""
                Symbols: + create, ~ alter, - drop

                pgstate will perform the following actions:

                  # extension.appdb.hstore will be changed
                  #   (its version or schema differs from the spec)
                  ~ extension.appdb.hstore {
                      ~ version = "1.4" -> "1.5"
                    }

                  # extension.appdb.pg_trgm will be created
                  #   (the spec names it and the database does not have it)
                  + extension.appdb.pg_trgm {
                      + version = "1.6"
                      + schema  = "ext"
                    }

                  # extension.appdb.citext will be dropped [destructive]
                  #   (the spec marks it absent; cascade: what depends on it is dropped too)
                  - extension.appdb.citext {
                      - version = "1.6"
                    }

                Plan: 1 to add, 1 to change, 1 to destroy; 0 unmanaged, 0 need manual action.
                """);
        assertThat(new JsonPlanRenderer().toTree(plan).get("changes").get(2).toString()).isEqualTo("{"
                + "\"address\":\"extension.appdb.citext\",\"kind\":\"extension\",\"names\":[\"appdb\",\"citext\"],"
                + "\"action\":\"drop\","
                + "\"attributes\":[{\"name\":\"version\",\"before\":\"1.6\",\"after\":null,\"sensitive\":false}],"
                + "\"risks\":[\"destructive\"],\"effect\":\"none\","
                + "\"reason\":\"the spec marks it absent; cascade: what depends on it is dropped too\"}");
    }

    private static List<String> warnings(Spec spec, List<String> preloaded) {
        Findings findings = new Findings();
        new ExtensionPlanner(new LiveExtensions(OFFERED, preloaded, Map.of("appdb", Map.of()), Map.of()), findings)
                .plan(spec);
        return findings.warnings.stream().map(Warning::message).toList();
    }

    private static Findings plan(Spec spec, Map<String, LiveExtension> installed) {
        Findings findings = new Findings();
        new ExtensionPlanner(new LiveExtensions(OFFERED, List.of(), Map.of("appdb", installed), Map.of()), findings)
                .plan(spec);
        return findings;
    }

    private static Spec spec(ExtensionSpec... extensions) {
        return Spec.builder().databases(DatabaseSpec.named("appdb").withExtensions(List.of(extensions))).build();
    }
}
