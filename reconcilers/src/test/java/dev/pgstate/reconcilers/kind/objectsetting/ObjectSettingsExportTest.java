package dev.pgstate.reconcilers.kind.objectsetting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.kind.setting.RoleDatabaseSetting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectSettingsExportTest {

    @Test
    void writesEachRolesAndDatabasesOwnSettingsIntoTheExportedOnesAndNoOthers() {
        Spec exported = Spec.builder()
                .roles(List.of(RoleSpec.builder("app").login(true).build(), RoleSpec.builder("plain").build()))
                .databases(List.of(DatabaseSpec.builder("appdb").owner("app").build())).build();

        Spec withSettings = new ObjectSettingsExport(List.of(
                new RoleDatabaseSetting("app", null, "work_mem", "64MB"),
                new RoleDatabaseSetting("app", null, "search_path", "app, \"My Schema\""),
                new RoleDatabaseSetting(null, "appdb", "statement_timeout", "30s"),
                // a role's settings in one database, and those for every role, have no place in a spec
                new RoleDatabaseSetting("app", "appdb", "work_mem", "1MB"),
                new RoleDatabaseSetting(null, null, "lock_timeout", "5s"))).export(exported);

        assertThat(withSettings.role("app").orElseThrow().settings())
                .containsExactly(Map.entry("work_mem", "64MB"), Map.entry("search_path", "app, \"My Schema\""));
        assertThat(withSettings.role("app").orElseThrow().login()).isTrue();
        assertThat(withSettings.role("plain").orElseThrow().settings()).isNull();
        assertThat(withSettings.database("appdb").orElseThrow().settings())
                .containsExactly(Map.entry("statement_timeout", "30s"));
        assertThat(withSettings.database("appdb").orElseThrow().owner()).isEqualTo("app");
    }
}
