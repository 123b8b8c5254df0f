package dev.pgstate.reconcilers.kind.setting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's own lines: written in the one safe form, read back, updated in place, the rest of the file untouched. */
class ManagedSettingsTest {

    private static final String CONFIG = "# the admin's file\nmax_connections = 100\n";

    @Test
    void aBlockIsAppendedThenUpdatedInPlaceKeepingEverythingElse() {
        String first = ManagedSettings.block(CONFIG, values("work_mem", "64MB", "search_path", "\"$user\", it's"));
        String second = ManagedSettings.block(first + "port = 5433\n", values("Work_Mem", "128MB"));

        assertThat(first).isEqualTo(CONFIG + "\n" + ManagedSettings.BEGIN + "\n"
                + "work_mem = '64MB'\nsearch_path = '\"$user\", it''s'\n" + ManagedSettings.END + "\n");
        assertThat(second).isEqualTo(CONFIG + "\n" + ManagedSettings.BEGIN + "\n"
                + "search_path = '\"$user\", it''s'\nwork_mem = '128MB'\n" + ManagedSettings.END + "\nport = 5433\n");
    }

    @Test
    void aDropInKeepsValuesItHadAndDoublesBackslashes() {
        String first = ManagedSettings.dropIn(null, values("ssl_ciphers", "HIGH:!aNULL", "log_line_prefix", "a\\b"));
        String second = ManagedSettings.dropIn(first, values("work_mem", "8MB"));

        assertThat(second).endsWith("\nssl_ciphers = 'HIGH:!aNULL'\nlog_line_prefix = 'a\\\\b'\nwork_mem = '8MB'\n");
        assertThat(ManagedSettings.dropIn(second, Map.of())).isEqualTo(second);
    }

    private static Map<String, String> values(String... nameValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            values.put(nameValues[i], nameValues[i + 1]);
        }
        return values;
    }

    @Test
    void refusesAValueItsLinesWouldNotReadBack() {
        Map<String, String> injected = Map.of("work_mem", "8MB'\nshared_preload_libraries = 'evil");

        assertThatThrownBy(() -> ManagedSettings.block(CONFIG, injected))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the parameter lines for work_mem would be read back as other parameters or values "
                        + "(a value holds a line break); nothing is written");
        assertThatThrownBy(() -> ManagedSettings.dropIn(null, Map.of("Work_Mem", "a\rb\n")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResetRemovesTheParametersLineHoweverItWasSpelt() {
        String before = ManagedSettings.dropIn(null, values("Work_Mem", "8MB", "log_line_prefix", "%m "));
        java.util.Map<String, String> reset = new java.util.HashMap<>();
        reset.put("work_mem", null);

        assertThat(ManagedSettings.dropIn(before, reset)).doesNotContain("ork_mem").contains("log_line_prefix = '%m '");
    }

    @Test
    void theBlocksLinesAreThoseBetweenItsMarkers() {
        String config = "work_mem = '8MB'\n\n" + ManagedSettings.BEGIN + "\nwork_mem = '12MB'\nport = '5433'\n"
                + ManagedSettings.END + "\nshared_buffers = '1GB'\n";

        assertThat(ManagedSettings.blockLines(config)).containsExactly(4, 5);
        assertThat(ManagedSettings.blockLines("work_mem = '8MB'\n" + ManagedSettings.BEGIN + "\nport = '1'\n")).isEmpty();
        assertThat(ManagedSettings.blockLines(ManagedSettings.BEGIN + "\n" + ManagedSettings.END + "\n")).isEmpty();
    }
}
