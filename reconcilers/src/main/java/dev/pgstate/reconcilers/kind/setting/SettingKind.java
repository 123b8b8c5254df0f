package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.failure.SqlState;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.live.ServerReader;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.tls.TlsKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Server parameters name no object; their reload or restart happens once, after every change. They follow the TLS
 * files, whose names they set.
 */
public final class SettingKind implements ManagedKind {

    public static final KindName NAME = new KindName("setting");

    /** {@code setting.work_mem}: parameters by their lower-case name, as the server ignores case in them. */
    public static Address address(String parameter) {
        return Address.of(NAME, parameter.toLowerCase(Locale.ROOT));
    }

    @Override
    public KindName name() {
        return NAME;
    }

    /** TLS: ssl = on and the files' names are set only for material that passed its checks. */
    @Override
    public List<KindName> needs() {
        return List.of(TlsKind.NAME);
    }

    /**
     * The configuration, with the server's own forms of the values the spec names, when the spec manages parameters,
     * TLS (for the data directory) or an object's settings: three queries, none otherwise.
     */
    @Override
    public KindState readInSnapshot(Spec spec, Connection session, ServerReader.Server server) throws SQLException {
        Map<String, Set<String>> desired = new LinkedHashMap<>();
        spec.server().desired().forEach(setting -> desire(desired, setting.name(), setting.value()));
        List<Map<String, String>> objectSettings = Stream.concat(spec.roles().stream().map(RoleSpec::settings),
                spec.databases().stream().map(DatabaseSpec::settings)).filter(Objects::nonNull).toList();
        objectSettings.forEach(settings -> settings.forEach((name, value) -> desire(desired, name, value)));
        boolean read = spec.server().managesSettings() || spec.tls() != null || !objectSettings.isEmpty();
        return new SettingState(server.info(), read ? SettingsReader.read(session, desired) : LiveSettings.NONE);
    }

    private static void desire(Map<String, Set<String>> desired, String name, String value) {
        if (value != null) {
            desired.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new LinkedHashSet<>()).add(value);
        }
    }

    /** The parameters set in config files; a role that may not read pg_file_settings exports the rest. */
    @Override
    public KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        try {
            return SettingsExport.of(SettingsReader.read(session));
        } catch (SQLException e) {
            if (!SqlState.INSUFFICIENT_PRIVILEGE.is(e)) {
                throw e;
            }
            return SettingsExport.unreadable(e.getMessage() + " (pg_file_settings needs a superuser or"
                    + " pg_read_all_settings)");
        }
    }
}
