package dev.pgstate.reconcilers.converge;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.kind.setting.RoleDatabaseSetting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spec that describes a server as it is. Pure: no I/O. Everything is written explicitly so that the exported
 * spec manages exactly what it shows, except passwords, which are never exported. The kinds write themselves in, in
 * the registry's order ({@link KindState#export}): every role except the predefined ones and the bootstrap
 * superuser with its memberships, every database initdb did not make and its extensions, pg_hba.conf, the server's
 * parameters and its TLS files, each saying what it could not write ({@link KindState#notExported}) and where its values come from
 * ({@link KindState#origins}).
 */
public final class ExportedSpec {

    private ExportedSpec() {
    }

    public static Spec from(LiveState live) {
        return from(live, List.of());
    }

    /** The exported spec, what it could not say, and where its values come from ({@link KindState#origins}). */
    public record Described(Spec spec, List<String> notExported, Map<String, String> origins) {
        public Described {
            notExported = List.copyOf(notExported);
            origins = Map.copyOf(origins);
        }
    }

    /** Like {@link #from(LiveState, List)}, with what each kind could not export and where its values come from. */
    public static Described described(LiveState live, List<RoleDatabaseSetting> objectSettings) {
        List<String> notExported = new ArrayList<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (KindState kind : live.kinds()) {
            notExported.addAll(kind.notExported());
            origins.putAll(kind.origins());
        }
        return new Described(from(live, objectSettings), notExported, origins);
    }

    /**
     * With the settings roles and databases give their sessions ({@code pg_db_role_setting}), as the server stored
     * them; a role's settings in one database only, and those for every role, have no place in a spec and are left
     * out.
     */
    public static Spec from(LiveState live, List<RoleDatabaseSetting> objectSettings) {
        Spec spec = Spec.builder().build();
        for (KindState kind : live.kinds()) {
            spec = kind.export(spec);
        }
        List<RoleSpec> roles = spec.roles().stream()
                .map(role -> role.withSettings(settingsOf(objectSettings, role.name(), null)))
                .toList();
        List<DatabaseSpec> databases = spec.databases().stream()
                .map(database -> database.withSettings(settingsOf(objectSettings, null, database.name())))
                .toList();
        return spec.toBuilder().roles(roles).databases(databases).build();
    }

    /** Null (unmanaged) for an object without settings, so the exported spec stays as short as the server is plain. */
    private static Map<String, String> settingsOf(List<RoleDatabaseSetting> settings, String role, String database) {
        Map<String, String> of = new LinkedHashMap<>();
        settings.stream().filter(s -> Objects.equals(s.role(), role) && Objects.equals(s.database(), database))
                .forEach(s -> of.put(s.name(), s.value()));
        return of.isEmpty() ? null : of;
    }
}
