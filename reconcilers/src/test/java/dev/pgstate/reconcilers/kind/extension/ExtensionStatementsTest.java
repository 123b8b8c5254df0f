package dev.pgstate.reconcilers.kind.extension;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtensionStatementsTest {

    @Test
    void createNamesSchemaAndVersionOnlyWhenGiven() {
        assertThat(ExtensionStatements.create("pg_trgm", null, null, false)).isEqualTo("CREATE EXTENSION \"pg_trgm\"");
        assertThat(ExtensionStatements.create("hstore", "public", "1.5", false))
                .isEqualTo("CREATE EXTENSION \"hstore\" SCHEMA \"public\" VERSION '1.5'");
    }

    @Test
    void onlyCascadeTrueCascades() {
        assertThat(ExtensionStatements.create("earthdistance", null, null, true))
                .isEqualTo("CREATE EXTENSION \"earthdistance\" CASCADE");
        assertThat(ExtensionStatements.drop("citext", false)).isEqualTo("DROP EXTENSION \"citext\"");
        assertThat(ExtensionStatements.drop("citext", true)).isEqualTo("DROP EXTENSION \"citext\" CASCADE");
    }

    @Test
    void updateAndMoveQuoteWhatTheSpecWrote() {
        assertThat(ExtensionStatements.updateTo("uuid-ossp", "1.1")).isEqualTo("ALTER EXTENSION \"uuid-ossp\" UPDATE TO '1.1'");
        assertThat(ExtensionStatements.setSchema("hstore", "x\"; DROP SCHEMA public; --"))
                .isEqualTo("ALTER EXTENSION \"hstore\" SET SCHEMA \"x\"\"; DROP SCHEMA public; --\"");
        assertThat(ExtensionStatements.updateTo("hstore", "1.5'; DROP TABLE t; --"))
                .isEqualTo("ALTER EXTENSION \"hstore\" UPDATE TO '1.5''; DROP TABLE t; --'");
    }
}
