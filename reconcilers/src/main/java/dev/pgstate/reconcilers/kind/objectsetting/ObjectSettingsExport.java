package dev.pgstate.reconcilers.kind.objectsetting;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.kind.setting.RoleDatabaseSetting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings roles and databases give their sessions ({@code pg_db_role_setting}) as the server stored them, for an
 * export: written into the roles and databases the role and database kinds exported before (the registry's order).
 * A role's settings in one database only, and those for every role, have no place in a spec and are left out.
 * Export only: these settings are planned from the setting kind's read ({@link ObjectSettingsState}).
 */
record ObjectSettingsExport(List<RoleDatabaseSetting> settings) implements KindState {

    ObjectSettingsExport {
        settings = List.copyOf(settings);
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
    }

    @Override
    public Spec export(Spec exported) {
        List<RoleSpec> roles = exported.roles().stream()
                .map(role -> role.withSettings(settingsOf(role.name(), null))).toList();
        List<DatabaseSpec> databases = exported.databases().stream()
                .map(database -> database.withSettings(settingsOf(null, database.name()))).toList();
        return exported.toBuilder().roles(roles).databases(databases).build();
    }

    /** Null (unmanaged) for an object without settings, so the exported spec stays as short as the server is plain. */
    private Map<String, String> settingsOf(String role, String database) {
        Map<String, String> of = new LinkedHashMap<>();
        settings.stream().filter(s -> Objects.equals(s.role(), role) && Objects.equals(s.database(), database))
                .forEach(s -> of.put(s.name(), s.value()));
        return of.isEmpty() ? null : of;
    }
}
