package dev.pgstate.reconcilers.kind.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.connect.EachDatabase;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import dev.pgstate.reconcilers.render.JsonPlanRenderer;
import dev.pgstate.reconcilers.render.TextPlanRenderer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec and live schemas built in code, the findings asserted whole; no server. */
class SchemaPlannerTest {

    private static final Map<String, LiveSchema> HAS = Map.of(
            "public", new LiveSchema("public", "pg_database_owner"),
            "app", new LiveSchema("app", "postgres"),
            "scratch", new LiveSchema("scratch", "postgres"),
            "unnamed", new LiveSchema("unnamed", "postgres"));

    @Test
    void createsWhatIsMissingGivesWhatDiffersDropsOnlyWhatIsAbsent() {
        Findings findings = plan(spec(new SchemaSpec("app", "owner", null, null), SchemaSpec.named("public"),
                new SchemaSpec("reporting", "owner", null, null), SchemaSpec.named("plain"),
                new SchemaSpec("scratch", null, State.ABSENT, null), new SchemaSpec("gone", null, State.ABSENT, true)));

        assertThat(findings.problems).isEmpty();
        assertThat(findings.changes).containsExactly(
                new AlterSchema("appdb", "app", "postgres", "owner"),
                new CreateSchema("appdb", "reporting", "owner"),
                new CreateSchema("appdb", "plain", null),
                new DropSchema("appdb", "scratch", "postgres", false));
        assertThat(findings.changes).extracting(change -> change.statements(null)).containsExactly(
                List.of("ALTER SCHEMA \"app\" OWNER TO \"owner\""),
                List.of("CREATE SCHEMA \"reporting\" AUTHORIZATION \"owner\""),
                List.of("CREATE SCHEMA \"plain\""),
                List.of("DROP SCHEMA \"scratch\""));
    }

    @Test
    void aChangeNeedsItsDatabaseAndItsOwnerSoAFailedRoleHoldsItBack() {
        Findings findings = plan(spec(new SchemaSpec("reporting", "owner", null, null),
                new SchemaSpec("scratch", null, State.ABSENT, true)));

        assertThat(findings.changes).extracting(change -> change.needs()).containsExactly(
                Set.of(DatabaseKind.address("appdb"), RoleKind.address("owner")),
                Set.of(DatabaseKind.address("appdb")));
    }

    @Test
    void whatMatchesOrIsNotNamedPlansNothing() {
        Findings findings = plan(spec(new SchemaSpec("app", "postgres", null, null), SchemaSpec.named("public"),
                new SchemaSpec("never_made", null, State.ABSENT, null)));

        assertThat(findings.changes).isEmpty();
        assertThat(findings.problems).isEmpty();
        assertThat(findings.unmanaged).isEmpty();
    }

    @Test
    void anOwnerThatIsNoRoleIsAProblemAtPlanAndARoleTheSpecCreatesIsNot() {
        Spec spec = Spec.builder().roles(RoleSpec.builder("planned").build())
                .databases(database(new SchemaSpec("a", "nobody", null, null),
                        new SchemaSpec("b", "planned", null, null), new SchemaSpec("c", "owner", null, null)))
                .build();
        Findings findings = plan(spec);

        assertThat(findings.problems).containsExactly("schema.appdb.a: owner \"nobody\" is neither a role on the server"
                + " nor one the spec creates");
        assertThat(findings.changes).containsExactly(new CreateSchema("appdb", "b", "planned"),
                new CreateSchema("appdb", "c", "owner"));
    }

    @Test
    void aNameWithALineBreakOrAQuoteIsOneLineInTheAddressAndQuotedInSql() {
        Findings findings = plan(spec(SchemaSpec.named("we\"ird\nschema")));

        Address address = findings.changes.get(0).address();
        assertThat(address).hasToString("schema.appdb.\"we\\\"ird\\nschema\"");
        assertThat(findings.changes.get(0).statements(null)).containsExactly("CREATE SCHEMA \"we\"\"ird\nschema\"");
    }

    @Test
    void bothRenderingsShowTheChangesWithTheirReasons() {
        Findings findings = plan(spec(new SchemaSpec("app", "owner", null, null),
                new SchemaSpec("reporting", "owner", null, null), new SchemaSpec("scratch", null, State.ABSENT, true)));
        Plan plan = new Plan(findings.changes, List.of(), List.of());

        assertThat(new TextPlanRenderer().render(plan)).isEqualTo("""
                Symbols: + create, ~ alter, - drop

                pgstate will perform the following actions:

                  # schema.appdb.app will be changed
                  #   (its owner differs from the spec)
                  ~ schema.appdb.app {
                      ~ owner = "postgres" -> "owner"
                    }

                  # schema.appdb.reporting will be created
                  #   (the spec names it and the database does not have it)
                  + schema.appdb.reporting {
                      + owner = "owner"
                    }

                  # schema.appdb.scratch will be dropped [destructive]
                  #   (the spec marks it absent; cascade: what is in it is dropped too)
                  - schema.appdb.scratch {
                      - owner = "postgres"
                    }

                Plan: 1 to add, 1 to change, 1 to destroy; 0 unmanaged, 0 need manual action.
                """);
        assertThat(new JsonPlanRenderer().toTree(plan).get("changes").get(2).toString()).isEqualTo("{"
                + "\"address\":\"schema.appdb.scratch\",\"kind\":\"schema\",\"names\":[\"appdb\",\"scratch\"],"
                + "\"action\":\"drop\","
                + "\"attributes\":[{\"name\":\"owner\",\"before\":\"postgres\",\"after\":null,\"sensitive\":false}],"
                + "\"risks\":[\"destructive\"],\"effect\":\"none\","
                + "\"reason\":\"the spec marks it absent; cascade: what is in it is dropped too\"}");
    }

    private static Findings plan(Spec spec) {
        Findings findings = new Findings();
        new SchemaPlanner(new LiveSchemas(new EachDatabase<>(Map.of("appdb", HAS), Map.of()), Set.of("owner",
                "postgres")), findings).plan(spec);
        return findings;
    }

    private static Spec spec(SchemaSpec... schemas) {
        return Spec.builder().databases(database(schemas)).build();
    }

    private static DatabaseSpec database(SchemaSpec... schemas) {
        return DatabaseSpec.named("appdb").withSchemas(List.of(schemas));
    }
}
