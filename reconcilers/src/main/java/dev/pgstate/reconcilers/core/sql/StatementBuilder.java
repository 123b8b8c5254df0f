package dev.pgstate.reconcilers.core.sql;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Change.AlterDatabase;
import dev.pgstate.reconcilers.core.plan.Change.AlterMembership;
import dev.pgstate.reconcilers.core.plan.Change.AlterRole;
import dev.pgstate.reconcilers.core.plan.Change.AlterObjectSettings;
import dev.pgstate.reconcilers.core.plan.Change.AlterSetting;
import dev.pgstate.reconcilers.core.plan.Change.CreateDatabase;
import dev.pgstate.reconcilers.core.plan.Change.CreateRole;
import dev.pgstate.reconcilers.core.plan.Change.DropDatabase;
import dev.pgstate.reconcilers.core.plan.Change.DropRole;
import dev.pgstate.reconcilers.core.plan.Change.GrantMembership;
import dev.pgstate.reconcilers.core.plan.Change.RevokeMembership;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.database.DatabaseStatements;
import dev.pgstate.reconcilers.kind.membership.MembershipStatements;
import dev.pgstate.reconcilers.kind.role.RoleStatements;
import dev.pgstate.reconcilers.kind.setting.SettingStatements;
import dev.pgstate.reconcilers.kind.setting.SettingTarget;
import java.util.List;

/**
 * The SQL statements that carry out one change on a server of the given major version, in execution order.
 * For a {@link DropRole} this is only the final DROP ROLE; what runs in each database before it comes from
 * {@link RoleStatements#releaseOwned}.
 */
public final class StatementBuilder {

    private final MembershipStatements memberships;
    private final DatabaseStatements databases;

    public StatementBuilder(ServerInfo server) {
        this.memberships = new MembershipStatements(server);
        this.databases = new DatabaseStatements(server);
    }

    public List<String> statements(Change change) {
        // Java 17 has no pattern switch; Change is sealed, so this chain is complete and the throw unreachable
        if (change instanceof CreateRole c) {
            return List.of(RoleStatements.create(c.role(), c.attributes()));
        } else if (change instanceof AlterRole c) {
            return RoleStatements.alter(c.role(), c.attributes());
        } else if (change instanceof DropRole c) {
            return List.of(RoleStatements.drop(c.role()));
        } else if (change instanceof GrantMembership c) {
            return List.of(memberships.grant(c.role(), c.member(), c.attributes()));
        } else if (change instanceof AlterMembership c) {
            return memberships.alter(c.role(), c.member(), c.attributes(), c.grantors());
        } else if (change instanceof RevokeMembership c) {
            return memberships.revoke(c.role(), c.member(), c.grantors());
        } else if (change instanceof CreateDatabase c) {
            return List.of(databases.create(c.database(), c.attributes()));
        } else if (change instanceof AlterDatabase c) {
            return databases.alter(c.database(), c.attributes());
        } else if (change instanceof DropDatabase c) {
            return databases.drop(c.database(), c.isTemplate(), c.invalid(), c.force());
        } else if (change instanceof AlterObjectSettings c) {
            return SettingStatements.alterObject(c);
        } else if (change instanceof AlterSetting c) {
            // a file target is written by the applier, not by SQL; a value already on disk needs no statement
            boolean bySql = c.target().writer() == SettingTarget.Writer.ALTER_SYSTEM && !c.onDisk();
            return bySql ? List.of(SettingStatements.alterSystem(c)) : List.of();
        }
        throw new IllegalArgumentException("no SQL for " + change.getClass().getSimpleName());
    }
}
