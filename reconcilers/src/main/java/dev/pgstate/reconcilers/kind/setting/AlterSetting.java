package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.apply.WrittenTogether;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Effect;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Gives a server parameter the spec's value. {@code value} is the text to write, as the spec has it;
 * {@code items} is its list form for list parameters, each item as the server reads it (unquoted), else empty;
 * {@code itemByItem} says ALTER SYSTEM takes the items as separate literals, the server quoting each one
 * (otherwise the value goes as one literal, which the server splits itself). {@code reset}: the agent's line for
 * the parameter is removed instead (ALTER SYSTEM RESET, or out of its file); {@code value} is then empty.
 * {@code onDisk} means the target already holds the value and only the effect (a reload or restart) is still to
 * happen. The effect comes from the parameter's {@code pg_settings.context}.
 */
public record AlterSetting(String name, List<AttributeChange<SettingAttribute>> attributes, String value,
                           List<String> items, boolean itemByItem, SettingTarget target, boolean onDisk, Effect effect,
                           boolean reset) implements Change, WrittenTogether {

    private static final Set<String> WHERE_IT_LISTENS = Set.of("port", "listen_addresses", "unix_socket_directories");
    public AlterSetting {
        attributes = List.copyOf(attributes);
        items = List.copyOf(items);
    }

    public Address address() {
        return SettingKind.address(name);
    }

    public Action action() {
        return Action.ALTER;
    }

    /** Moving where the server listens can leave the agent (or an admin) knocking at the old door. */
    public Set<Risk> risks() {
        Set<Risk> risks = EnumSet.noneOf(Risk.class);
        if (effect == Effect.RESTART) {
            risks.add(Risk.NEEDS_RESTART);
        }
        if (WHERE_IT_LISTENS.contains(name)) {
            risks.add(Risk.MAY_LOCK_OUT);
        }
        return risks;
    }

    @Override
    public Optional<String> parameter() {
        return Optional.of(address().names().get(0));
    }

    /** The server's port after this change, when it changes the port. */
    @Override
    public OptionalInt newPort() {
        return name.equals("port") && !reset ? OptionalInt.of(Integer.parseInt(value)) : OptionalInt.empty();
    }

    /** The file the value goes to (postgresql.auto.conf for ALTER SYSTEM). */
    @Override
    public Optional<Path> configFile() {
        return Optional.of(target.file());
    }

    /** Nothing to write: the value is on disk and waits for a restart. */
    @Override
    public boolean awaitsRestartOnly() {
        return onDisk && effect == Effect.RESTART;
    }

    public String reason() {
        String takesEffect = effect == Effect.RESTART ? "takes effect when the server restarts"
                : "takes effect when the server reloads its configuration";
        if (reset) {
            return "the spec resets it: its line in " + target.file() + " is removed; " + takesEffect;
        }
        return onDisk ? "already in " + target.file() + "; " + takesEffect
                : "its value differs from the spec; " + takesEffect;
    }

    /** Parameters for the agent's own file are written together; ALTER SYSTEM cannot run in a transaction block. */
    public Execution execution() {
        return target.isFile() && !onDisk ? Execution.FILE : Execution.AUTOCOMMIT;
    }

    /** A file target is written by {@link #writeTogether}, not by SQL; a value already on disk needs no statement. */
    public List<String> statements(ServerInfo server) {
        boolean bySql = target.writer() == SettingTarget.Writer.ALTER_SYSTEM && !onDisk;
        return bySql ? List.of(SettingStatements.alterSystem(this)) : List.of();
    }

    /** Needed by nothing; needs nothing. */
    public Set<Address> needs() {
        return Set.of();
    }

    @Override
    public void writeTogether(Connection connection, List<Change> group) throws SQLException {
        SettingsFileWriter.write(connection, group.stream().map(AlterSetting.class::cast).toList());
    }
}
