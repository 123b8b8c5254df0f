package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.failure.SqlState;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Server parameters name no object; their reload or restart happens once, after every change. */
public final class SettingKind implements ManagedKind {

    public static final KindName NAME = new KindName("setting");

    /** {@code setting.work_mem}: parameters by their lower-case name, as the server ignores case in them. */
    public static Address address(String parameter) {
        return Address.of(NAME, parameter.toLowerCase(Locale.ROOT));
    }

    /** Whether any of {@code changes} sets one of {@code parameters} (lower-case names). */
    public static boolean changesAnyOf(Collection<? extends Change> changes, Set<String> parameters) {
        return changes.stream().anyMatch(c -> NAME.equals(c.kind()) && parameters.contains(c.address().names().get(0)));
    }

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
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
