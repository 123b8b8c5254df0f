package dev.pgstate.reconcilers.kind.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaStatementsTest {

    @Test
    void createNamesTheOwnerOnlyWhenGiven() {
        assertThat(SchemaStatements.create("app", null)).isEqualTo("CREATE SCHEMA \"app\"");
        assertThat(SchemaStatements.create("app", "owner")).isEqualTo("CREATE SCHEMA \"app\" AUTHORIZATION \"owner\"");
    }

    @Test
    void onlyCascadeTrueCascades() {
        assertThat(SchemaStatements.drop("app", false)).isEqualTo("DROP SCHEMA \"app\"");
        assertThat(SchemaStatements.drop("app", true)).isEqualTo("DROP SCHEMA \"app\" CASCADE");
    }

    @Test
    void namesAreQuotedWhateverTheSpecWrote() {
        assertThat(SchemaStatements.ownerTo("x\"; DROP SCHEMA public; --", "o\"wner"))
                .isEqualTo("ALTER SCHEMA \"x\"\"; DROP SCHEMA public; --\" OWNER TO \"o\"\"wner\"");
        assertThat(SchemaStatements.create("line\nbreak", null)).isEqualTo("CREATE SCHEMA \"line\nbreak\"");
    }
}
