package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a kind kept per database (extensions, schemas) names in a spec: the objects each database the spec keeps lists
 * under the kind's key. Only those databases are read, each in a session of its own; a spec that names none costs no
 * query. A database the agent could not read is a problem of the plan, never taken for one that has nothing.
 *
 * @param plural the kind's key in a database's spec, as the problem names it ({@code extensions})
 * @param named the objects a database's spec names of the kind
 * @param databaseAddress a database's address, which the problem names
 */
public record PerDatabase<T>(String plural, Function<DatabaseSpec, List<T>> named,
                             Function<String, Address> databaseAddress) {

    /** The databases {@code spec} keeps and names objects of the kind in: the ones to read. */
    public List<DatabaseSpec> naming(Spec spec) {
        return spec.databases().stream()
                .filter(database -> database.state() == State.PRESENT && !named.apply(database).isEmpty())
                .toList();
    }

    /** Every object the databases of {@code naming} name, in the spec's order. */
    public List<T> objects(Spec spec) {
        return naming(spec).stream().flatMap(database -> named.apply(database).stream()).toList();
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
}
