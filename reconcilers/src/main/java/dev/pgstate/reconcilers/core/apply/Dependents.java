package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Change.AlterDatabase;
import dev.pgstate.reconcilers.core.plan.Change.AlterObjectSettings;
import dev.pgstate.reconcilers.core.plan.Change.AlterMembership;
import dev.pgstate.reconcilers.core.plan.Change.AlterRole;
import dev.pgstate.reconcilers.core.plan.Change.CreateDatabase;
import dev.pgstate.reconcilers.core.plan.Change.CreateRole;
import dev.pgstate.reconcilers.core.plan.Change.DropRole;
import dev.pgstate.reconcilers.core.plan.Change.GrantMembership;
import dev.pgstate.reconcilers.core.plan.Change.RevokeMembership;
import dev.pgstate.reconcilers.core.plan.Kind;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which later changes need a change that failed, so that the applier skips those and goes on with the rest: a role
 * that could not be created or altered is needed by every change naming it (its memberships, the databases it is to
 * own, the drop that hands it another role's objects); a database by the other changes of that database. Settings
 * and memberships are needed by nothing else in a plan.
 */
final class Dependents {

    private Dependents() {
    }

    static boolean needs(Change later, Change failed) {
        if (failed instanceof CreateRole || failed instanceof AlterRole || failed instanceof DropRole) {
            return rolesNamedBy(later).contains(failed.address().names().get(0));
        }
        if (failed instanceof CreateDatabase || failed instanceof AlterDatabase) {
            return later.address().equals(failed.address()) || later instanceof AlterObjectSettings settings
                    && settings.kind() == Kind.DATABASE_SETTINGS && settings.object().equals(failed.address().names().get(0));
        }
        return false;
    }

    private static Set<String> rolesNamedBy(Change change) {
        Stream<String> named;
        if (change instanceof CreateRole || change instanceof AlterRole) {
            named = Stream.of(change.address().names().get(0));
        } else if (change instanceof DropRole drop) {
            named = Stream.of(drop.role(), drop.reassignOwnedTo());
        } else if (change instanceof GrantMembership || change instanceof AlterMembership
                || change instanceof RevokeMembership) {
            named = change.address().names().stream();
        } else if (change instanceof AlterObjectSettings settings && settings.kind() == Kind.ROLE_SETTINGS) {
            named = Stream.of(settings.object());
        } else if (change instanceof CreateDatabase create) {
            named = owner(create.attributes());
        } else if (change instanceof AlterDatabase alter) {
            named = owner(alter.attributes());
        } else {
            named = Stream.empty();
        }
        return named.filter(Objects::nonNull).collect(java.util.stream.Collectors.toSet());
    }

    private static Stream<String> owner(List<AttributeChange<DatabaseAttribute>> attributes) {
        return attributes.stream().filter(a -> a.attribute() == DatabaseAttribute.OWNER)
                .map(a -> (String) a.after());
    }
}
