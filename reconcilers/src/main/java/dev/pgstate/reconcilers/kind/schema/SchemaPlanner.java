package dev.pgstate.reconcilers.kind.schema;

import dev.pgstate.model.spec.SchemaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.plan.Findings;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Classifies each schema a database's spec names against what the database has. Pure. An owner that is neither a
 * role on the server nor one the spec creates is a problem at plan time, before anything is changed. Schemas the spec
 * does not name are never touched nor listed: every database has some (public), as it has extensions.
 */
final class SchemaPlanner {

    private final LiveSchemas live;
    private final Findings out;

    SchemaPlanner(LiveSchemas live, Findings out) {
        this.live = live;
        this.out = out;
    }

    void plan(Spec spec) {
        Set<String> createdRoles = spec.roles().stream().filter(role -> role.state() == State.PRESENT)
                .map(role -> role.name()).collect(Collectors.toSet());
        SchemaKind.SCHEMAS.plan(spec, live.schemas().unreadable(), out, (database, wanted) -> {
            if (wanted.owner() == null || createdRoles.contains(wanted.owner())
                    || live.roles().contains(wanted.owner())) {
                plan(database, wanted);
            } else {
                out.problems.add(SchemaKind.address(database, wanted.name()) + ": owner \"" + wanted.owner()
                        + "\" is neither a role on the server nor one the spec creates");
            }
        });
    }

    private void plan(String database, SchemaSpec wanted) {
        LiveSchema existing = live.in(database).get(wanted.name());
        if (wanted.state() == State.ABSENT) {
            if (existing != null) {
                out.changes.add(new DropSchema(database, wanted.name(), existing.owner(), wanted.cascades()));
            }
        } else if (existing == null) {
            out.changes.add(new CreateSchema(database, wanted.name(), wanted.owner()));
        } else if (wanted.owner() != null && !wanted.owner().equals(existing.owner())) {
            out.changes.add(new AlterSchema(database, wanted.name(), existing.owner(), wanted.owner()));
        }
    }
}
