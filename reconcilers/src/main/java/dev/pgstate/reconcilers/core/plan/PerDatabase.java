package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.live.DatabaseSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A kind kept per database (extensions, schemas): the objects each database the spec keeps lists under the kind's key.
 * Only those databases are read, each in a session of its own; a spec that names none costs no query. A database the
 * agent could not read is a problem of the plan, never taken for one that has nothing.
 *
 * @param plural the kind's key in a database's spec, as the problem names it ({@code extensions})
 * @param named the objects a database's spec names of the kind
 * @param databaseAddress a database's address, which the problem names
 * @param reader reads the kind in the databases named, given the objects the spec names (none for an export)
 * @param planning how the kind plans from what it read
 * @param exporting how what it read is written into an exported spec
 * @param <T> an object of the kind as a spec names it
 * @param <L> what the kind reads
 */
public record PerDatabase<T, L>(String plural, Function<DatabaseSpec, List<T>> named,
                                Function<String, Address> databaseAddress, Reader<T, L> reader,
                                KindState.Planning<L> planning, BiFunction<Spec, L, Spec> exporting) {

    /** Reads a per-database kind. */
    @FunctionalInterface
    public interface Reader<T, L> {
        /**
         * @param session the agent's session, for what is the same in every database
         * @param sessions opens a session to each of {@code databases}
         * @param objects what the spec names in them
         */
        L read(Connection session, DatabaseSessions sessions, Collection<String> databases, List<T> objects)
                throws SQLException;
    }

    /** What the kind has in the databases {@code spec} names objects of the kind in; nothing read when none. */
    public KindState read(Spec spec, Connection session, DatabaseSessions sessions) throws SQLException {
        List<DatabaseSpec> naming = naming(spec);
        if (naming.isEmpty()) {
            return KindState.NOTHING;
        }
        List<T> objects = naming.stream().flatMap(database -> named.apply(database).stream()).toList();
        return state(reader.read(session, sessions, naming.stream().map(DatabaseSpec::name).toList(), objects));
    }

    /** What the kind has in every database that takes connections, for an export. */
    public KindState readAll(Connection session, DatabaseSessions sessions) throws SQLException {
        return state(reader.read(session, sessions, DatabaseSessions.connectable(session), List.of()));
    }

    /**
     * Hands {@code each} every object named in a database that was read, with the database's name; adds a problem for
     * each database that could not be ({@code unreadable}: the server's reason by database).
     */
    public void plan(Spec spec, Map<String, String> unreadable, Findings out, BiConsumer<String, T> each) {
        for (DatabaseSpec database : naming(spec)) {
            String reason = unreadable.get(database.name());
            if (reason != null) {
                out.problems.add(databaseAddress.apply(database.name()) + ": cannot read its " + plural + ": "
                        + reason);
            } else {
                named.apply(database).forEach(object -> each.accept(database.name(), object));
            }
        }
    }

    /** The databases {@code spec} keeps and names objects of the kind in. */
    private List<DatabaseSpec> naming(Spec spec) {
        return spec.databases().stream()
                .filter(database -> database.state() == State.PRESENT && !named.apply(database).isEmpty())
                .toList();
    }

    private KindState state(L live) {
        return KindState.of(live, planning, exporting);
    }
}
