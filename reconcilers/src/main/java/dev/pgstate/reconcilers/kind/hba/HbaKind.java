package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.failure.SqlState;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.KindName;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.ManagedKind;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.membership.MembershipKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/** pg_hba.conf names roles, groups (memberships) and databases, so it is rewritten once they exist. */
public final class HbaKind implements ManagedKind {

    public static final KindName NAME = new KindName("hba");

    /** The rules of pg_hba.conf, one object however many rules there are: {@code hba.rules}. */
    static final Address RULES = Address.of(NAME, "rules");

    @Override
    public KindName name() {
        return NAME;
    }

    @Override
    public List<KindName> needs() {
        return List.of(RoleKind.NAME, MembershipKind.NAME, DatabaseKind.NAME);
    }

    /**
     * pg_hba.conf, which reading needs the agent on the server's box. A spec that leaves the file alone may still
     * revoke or drop the group the agent gets in through, so the file is read then too (for the lockout check only);
     * when it cannot be, planning says so instead of passing in silence.
     */
    @Override
    public KindState read(Spec spec, Connection session, DatabaseSessions databases) throws SQLException {
        if (spec.hba() != null) {
            return new HbaState(new HbaReader().read(session));
        }
        return readOr(session, HbaState::new, UnreadHba::new);
    }

    /**
     * The live file as whole-file rules; an agent off the server's box, or a role that may not see where the file is,
     * exports the rest and says why not this.
     */
    @Override
    public KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        return readOr(session, live -> HbaExport.of(live.file(), live.text(), live.grammar()), HbaExport::unreadable);
    }

    /** The file as {@code read}, or why it cannot be read as {@code unreadable}. */
    private static KindState readOr(Connection session, Function<LiveHba, KindState> read,
                                    Function<String, KindState> unreadable) throws SQLException {
        LiveHba live;
        try {
            live = new HbaReader().read(session);
        } catch (UncheckedIOException e) {
            return unreadable.apply(e.getCause().getMessage());
        } catch (SQLException e) {
            if (!SqlState.INSUFFICIENT_PRIVILEGE.is(e)) {
                throw e;
            }
            return unreadable.apply(e.getMessage() + " (hba_file needs a superuser or pg_read_all_settings)");
        }
        return read.apply(live);
    }
}
