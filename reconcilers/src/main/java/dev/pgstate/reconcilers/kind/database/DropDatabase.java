package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.util.List;
import java.util.Set;

/**
 * Drops a database; a template database is first made an ordinary one, as PostgreSQL requires.
 * {@code invalid}: an interrupted DROP DATABASE left it so (datconnlimit = -2), or one is still under way in a
 * session nobody waits for; this drop finishes it, after waiting for that session if there is one. {@code force}
 * (the spec's force_drop) ends the sessions connected to it.
 */
public record DropDatabase(String database, boolean isTemplate, boolean invalid, boolean force) implements Change {

    /** An ordinary database's drop. */
    public DropDatabase(String database, boolean isTemplate) {
        this(database, isTemplate, false, false);
    }

    public Address address() {
        return DatabaseKind.address(database);
    }

    public Action action() {
        return Action.DROP;
    }

    public List<AttributeChange<DatabaseAttribute>> attributes() {
        return List.of();
    }

    public Set<Risk> risks() {
        return Set.of(Risk.DESTRUCTIVE);
    }

    public String reason() {
        String reason = invalid ? "the spec says state: absent, and an interrupted DROP DATABASE left it invalid (or "
                + "one is still under way): the drop is finished" : "the spec says state: absent";
        return force ? reason + "; force_drop: connected sessions are ended" : reason;
    }

    public Execution execution() {
        return Execution.AUTOCOMMIT;
    }

    public List<String> statements(ServerInfo server) {
        return new DatabaseStatements(server).drop(database, isTemplate, invalid, force);
    }

    /** What it names. */
    public Set<Address> needs() {
        return Set.of(address());
    }
}
