package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import dev.pgstate.reconcilers.core.live.ServerReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What each managed kind declares to the engine; one implementation lives in each kind's package and the registry
 * lists them. The kinds' needs order the plan ({@link ChangeOrder}); each change's own {@link Change#needs} says which
 * objects it needs, so that a failed change holds back exactly the changes that need it. How a change runs and with
 * which statements the change says itself ({@link Change#execution}, {@link Change#statements}).
 */
public interface ManagedKind {

    /** The kind's word in addresses and plans, declared as a constant in the kind's own package. */
    KindName name();

    /**
     * The kinds whose objects this kind's changes may need: their creations and alterations run before this kind's,
     * their drops after. A change may need objects of its own kind and of these only.
     */
    List<KindName> needs();

    /**
     * Reads what the spec needs of this kind: in {@code session}, the agent's, or in sessions to other databases.
     * The kinds that {@code LiveStateReader} still reads itself read nothing here.
     */
    default KindState read(Spec spec, Connection session, DatabaseSessions databases) throws SQLException {
        return KindState.NOTHING;
    }

    /**
     * Reads, in the agent's {@code session} and inside the one repeatable-read snapshot the server's facts are read
     * in, what this kind reads with one catalog query whatever the spec names; so that, say, a role created meanwhile
     * shows up in every such kind or in none. {@code server} says too whether the agent may read pg_authid;
     * {@code spec} what the kind must read (an empty spec when the caller plans nothing).
     */
    default KindState readInSnapshot(Spec spec, Connection session, ServerReader.Server server) throws SQLException {
        return KindState.NOTHING;
    }

    /**
     * What this kind makes of the spec before planning beyond what the server's catalog holds, from what every kind
     * read ({@code read}), planned with it: the TLS kind's material (files read, certificates kept or issued and
     * checked, the one served probed). Nothing by default.
     */
    default Optional<KindState> resolve(Spec spec, List<KindState> read, Resolving resolving) {
        return Optional.empty();
    }

    /** Reads all of this kind the server has, for an exported spec. */
    default KindState readAll(Connection session, DatabaseSessions databases) throws SQLException {
        return KindState.NOTHING;
    }
}
