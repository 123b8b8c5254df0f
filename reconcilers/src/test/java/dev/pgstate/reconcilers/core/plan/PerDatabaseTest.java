package dev.pgstate.reconcilers.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.ExtensionSpec;
import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.kind.extension.ExtensionKind;
import dev.pgstate.reconcilers.kind.schema.SchemaKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kinds kept per database plan only what a kept database names, and a database they could not read is a problem. */
class PerDatabaseTest {

    private static final String NOT_ACCEPTING =
            "database \"appdb\" is not currently accepting connections (SQLSTATE 55000)";
    private static final Spec SPEC = Spec.builder().databases(
            DatabaseSpec.named("appdb").withExtensions(List.of(ExtensionSpec.named("hstore")))
                    .withSchemas(List.of(SchemaSpec.named("app"))),
            DatabaseSpec.named("other").withExtensions(List.of(ExtensionSpec.named("citext")))
                    .withSchemas(List.of(SchemaSpec.named("reporting"))),
            DatabaseSpec.builder("gone").state(State.ABSENT).build().withExtensions(
                    List.of(ExtensionSpec.named("pg_trgm"))).withSchemas(List.of(SchemaSpec.named("old"))),
            DatabaseSpec.named("plain")).build();

    @Test
    void aDatabaseThatCannotBeReadIsAProblemOfTheExtensionsAndTheOthersArePlanned() {
        Findings findings = new Findings();

        assertThat(planned(new ExtensionKind().perDatabase(), findings)).containsExactly("other: citext");
        assertThat(findings.problems).containsExactly("database.appdb: cannot read its extensions: " + NOT_ACCEPTING);
    }

    @Test
    void aDatabaseThatCannotBeReadIsAProblemOfTheSchemasAndTheOthersArePlanned() {
        Findings findings = new Findings();

        assertThat(planned(new SchemaKind().perDatabase(), findings)).containsExactly("other: reporting");
        assertThat(findings.problems).containsExactly("database.appdb: cannot read its schemas: " + NOT_ACCEPTING);
    }

    /** What the kind is handed to plan, as "database: object name", when appdb could not be read. */
    private static <T> List<String> planned(PerDatabase<T, ?> kind, Findings findings) {
        List<String> planned = new ArrayList<>();
        kind.plan(SPEC, Map.of("appdb", NOT_ACCEPTING), findings, (database, object) -> planned.add(database + ": "
                + (object instanceof ExtensionSpec extension ? extension.name() : ((SchemaSpec) object).name())));
        return planned;
    }
}
