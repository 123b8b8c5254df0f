package dev.pgstate.reconcilers.kind.objectsetting;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.live.ServerReader;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import dev.pgstate.reconcilers.kind.setting.SettingKind;
import dev.pgstate.reconcilers.kind.setting.SettingsReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A role's or a database's own settings are given once it exists; their values are read and compared by the setting
 * kind's rules.
 */
public final class ObjectSettingsKind implements ManagedKind {

    public static final KindName NAME = new KindName("settings-of");

    /** {@code settings-of.role.app}: the settings role "app" gives its sessions. */
    static Address ofRole(String role) {
        return Address.of(NAME, "role", role);
    }

    /** {@code settings-of.database.appdb}: the settings database "appdb" gives its sessions. */
    static Address ofDatabase(String database) {
        return Address.of(NAME, "database", database);
    }

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(RoleKind.NAME, DatabaseKind.NAME, SettingKind.NAME);
    }

    /** Every row of pg_db_role_setting, readable by any role, for an export. */
    @Override
    public KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        return new ObjectSettingsExport(SettingsReader.objectSettings(session));
    }

    /** No query: the setting kind reads pg_db_role_setting with the rest of the configuration. */
    @Override
    public KindState readInSnapshot(Spec spec, Connection session, ServerReader.Server server) {
        return new ObjectSettingsState(server.info());
    }
}
