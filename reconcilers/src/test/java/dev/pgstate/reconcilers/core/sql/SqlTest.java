package dev.pgstate.reconcilers.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void identifiersAreAlwaysQuotedAndKeepCase() {
        assertThat(Sql.identifier("app")).isEqualTo("\"app\"");
        assertThat(Sql.identifier("App User")).isEqualTo("\"App User\"");
        assertThat(Sql.identifier("zoë")).isEqualTo("\"zoë\"");
    }

    @Test
    void embeddedQuotesCannotEndTheIdentifier() {
        assertThat(Sql.identifier("x\"; DROP ROLE postgres; --")).isEqualTo("\"x\"\"; DROP ROLE postgres; --\"");
    }

    @Test
    void literalsDoubleSingleQuotesAndKeepBackslashes() {
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
        assertThat(Sql.literal("a\\b")).isEqualTo("'a\\b'");
        assertThat(Sql.literal("'; DROP ROLE postgres; --")).isEqualTo("'''; DROP ROLE postgres; --'");
    }

    @Test
    void emptyOrNulNamesAreRefused() {
        assertThatThrownBy(() -> Sql.identifier("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.identifier("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.literal(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
