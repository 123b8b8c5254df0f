package dev.pgstate.reconcilers.kind.objectsetting;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.sql.Sql;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import dev.pgstate.reconcilers.kind.setting.SettingStatements;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Gives a role or a database the settings its sessions start with (ALTER ROLE/DATABASE … SET), and resets the ones it
 * has that the spec's map leaves out: one change per object ({@link Address#roleSettings} or
 * {@link Address#databaseSettings}), one attribute and one statement per parameter. Sessions already open keep what
 * they started with; no reload is involved.
 */
public record AlterObjectSettings(Address address, List<ObjectSetting> settings,
                                  List<AttributeChange<ObjectSetting.Parameter>> attributes) implements Change {

    public AlterObjectSettings {
        Objects.requireNonNull(address, "address");
        settings = List.copyOf(settings);
        attributes = List.copyOf(attributes);
    }

    public Action action() {
        return Action.ALTER;
    }

    public Set<Risk> risks() {
        return Set.of();
    }

    /** The role's or the database's name. */
    public String object() {
        return address.names().get(1);
    }

    /** A role's settings, not a database's. */
    public boolean ofRole() {
        return address.names().get(0).equals("role");
    }

    public String reason() {
        return settings.stream().anyMatch(ObjectSetting::isReset)
                ? "its settings differ from the spec, which lists all it may have: the others are reset"
                : "its settings differ from the spec";
    }

    /** ALTER ROLE/DATABASE … SET may share a transaction, unlike ALTER SYSTEM. */
    public Execution execution() {
        return Execution.TRANSACTION;
    }

    /**
     * {@code ALTER ROLE "app" SET "work_mem" = '64MB'}, {@code ALTER DATABASE "appdb" RESET "work_mem"}: one per
     * parameter, in the change's order.
     */
    public List<String> statements(ServerInfo server) {
        String alter = ofRole() ? "ALTER ROLE " : "ALTER DATABASE ";
        return settings.stream().map(setting -> {
            StringBuilder sql = Sql.appendIdentifier(new StringBuilder(alter), object());
            return (setting.isReset() ? SettingStatements.name(sql.append(" RESET "), setting.name())
                    : SettingStatements.assignment(sql.append(" SET "), setting.name(), setting.value(),
                    setting.items())).toString();
        }).toList();
    }

    /** The role or the database whose settings these are: a failed creation holds them back. */
    public Set<Address> needs() {
        return Set.of(ofRole() ? RoleKind.address(object()) : DatabaseKind.address(object()));
    }
}
