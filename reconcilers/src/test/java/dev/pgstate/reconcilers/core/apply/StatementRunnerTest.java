package dev.pgstate.reconcilers.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the debug log shows of a statement that sets a password. */
class StatementRunnerTest {

    @Test
    void everyPasswordLiteralIsRedactedAndTheRestKept() {
        String sql = "ALTER ROLE \"it's\" WITH LOGIN PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5' CONNECTION LIMIT 3";

        assertThat(StatementRunner.redact(sql))
                .isEqualTo("ALTER ROLE \"it's\" WITH LOGIN PASSWORD '(redacted)' CONNECTION LIMIT 3");
        assertThat(StatementRunner.redact("CREATE ROLE a WITH PASSWORD 'x''y'"))
                .isEqualTo("CREATE ROLE a WITH PASSWORD '(redacted)'");
        assertThat(StatementRunner.redact("ALTER ROLE a WITH PASSWORD NULL")).isEqualTo("ALTER ROLE a WITH PASSWORD NULL");
    }
}
