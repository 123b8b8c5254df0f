package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.failure.SqlState;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Server parameters name no object; their reload or restart happens once, after every change. */
public final class SettingKind implements ManagedKind {

    @Override
    public Kind kind() {
        return Kind.SETTING;
    }

    @Override
    public List<Kind> needs() {
        return List.of();
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
