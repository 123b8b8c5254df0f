package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Risk;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Plans database creation, in-place changes and drops. What PostgreSQL fixes at creation (encoding,
 * locale) is reported for manual action when it differs: never "fixed" by dropping the database.
 *
 * @param live the server's databases by name
 * @param roleExistsAfterPlan whether a role exists once the plan is applied ({@code LiveRoles#existingAfter}), as
 *     a database may be given to a role the spec does not name
 */
public record DatabasePlanner(Spec spec, ServerInfo server, Map<String, LiveDatabase> live,
                              Predicate<String> roleExistsAfterPlan, Findings out) {

    /** Made by initdb; the agent lists them neither as unmanaged nor ever drops them. */
    public static final Set<String> BOOTSTRAP_DATABASES = Set.of("postgres", "template0", "template1");

    public void plan() {
        Set<String> named = spec.databases().stream().map(DatabaseSpec::name).collect(Collectors.toSet());
        for (DatabaseSpec database : spec.databases()) {
            LiveDatabase existing = live.get(database.name());
            if (database.owner() != null && !roleExistsAfterPlan.test(database.owner())) {
                out.problems.add(DatabaseKind.address(database.name()) + ": owner \"" + database.owner()
                        + "\" is neither a role in the spec nor one on the server");
            } else if (database.state() == State.ABSENT) {
                if (existing != null) {
                    planDrop(database, existing);
                }
            } else if (existing == null) {
                out.changes.add(new CreateDatabase(database.name(), createdAttributes(database)));
            } else if (existing.isInvalid()) {
                // its data is partly gone: dropping and recreating it empty is a person's decision
                out.manualActions.add(invalid(existing, "; it can only be dropped (DROP DATABASE, or state: "
                        + "absent), after which the next apply creates it anew, empty"));
            } else {
                planAlter(database, existing);
            }
        }
        live.values().stream()
                .filter(db -> !BOOTSTRAP_DATABASES.contains(db.name()) && !named.contains(db.name()))
                .forEach(db -> {
                    out.unmanaged.add(DatabaseKind.address(db.name()));
                    if (db.isInvalid()) {
                        out.manualActions.add(invalid(db, "; drop it (DROP DATABASE, or name it with state: absent)"));
                    }
                });
    }

    private static ManualAction invalid(LiveDatabase database, String remedy) {
        return new ManualAction(DatabaseKind.address(database.name()), "state", "present", "invalid",
                database.invalidBecause() + remedy);
    }

    /** A database with its own encoding or locale must be copied from template0, so that is the default then. */
    private static List<AttributeChange<DatabaseAttribute>> createdAttributes(DatabaseSpec database) {
        List<AttributeChange<DatabaseAttribute>> attributes = new ArrayList<>();
        for (DatabaseAttribute attribute : DatabaseAttribute.values()) {
            Object desired = attribute.desired(database);
            if (attribute == DatabaseAttribute.TEMPLATE && desired == null && needsTemplate0(database)) {
                desired = "template0";
            }
            if (desired != null) {
                attributes.add(AttributeChange.created(attribute, desired));
            }
        }
        return attributes;
    }

    private static boolean needsTemplate0(DatabaseSpec database) {
        return database.encoding() != null || database.locale() != null
                || database.lcCollate() != null || database.lcCtype() != null;
    }

    private void planAlter(DatabaseSpec database, LiveDatabase existing) {
        Address address = DatabaseKind.address(database.name());
        List<AttributeChange<DatabaseAttribute>> attributes = new ArrayList<>();
        for (DatabaseAttribute attribute : DatabaseAttribute.values()) {
            Object desired = attribute.desired(database);
            Object observed = attribute.observed(existing);
            if (desired == null || attribute == DatabaseAttribute.TEMPLATE || attribute.matches(desired, observed)) {
                continue;
            }
            if (attribute.alterable()) {
                attributes.add(new AttributeChange<>(attribute, observed, desired));
            } else {
                out.manualActions.add(new ManualAction(address, attribute.key(), desired, observed,
                        "PostgreSQL sets " + attribute.key() + " only when a database is created; "
                        + "dump, drop, create and restore it to change"));
            }
        }
        if (!attributes.isEmpty()) {
            out.changes.add(new AlterDatabase(database.name(), attributes, risks(attributes)));
        }
    }

    /** Refusing connections, or capping them at zero, shuts out everyone who uses the database. */
    private static Set<Risk> risks(List<AttributeChange<DatabaseAttribute>> attributes) {
        boolean shutsOut = attributes.stream().anyMatch(a ->
                (a.attribute() == DatabaseAttribute.ALLOW_CONNECTIONS && Boolean.FALSE.equals(a.after()))
                || (a.attribute() == DatabaseAttribute.CONNECTION_LIMIT && Integer.valueOf(0).equals(a.after())));
        return shutsOut ? EnumSet.of(Risk.MAY_LOCK_OUT) : EnumSet.noneOf(Risk.class);
    }

    private void planDrop(DatabaseSpec database, LiveDatabase existing) {
        if (BOOTSTRAP_DATABASES.contains(database.name())) {
            out.manualActions.add(new ManualAction(DatabaseKind.address(database.name()), "state", "absent", "present",
                    "the databases initdb makes are never dropped"));
        } else if (Boolean.TRUE.equals(database.forceDrop()) && server.major() < 13) {
            out.problems.add("databases." + database.name() + ".force_drop: DROP DATABASE … WITH (FORCE) needs "
                    + "PostgreSQL 13 or later; this server is " + server.major());
        } else {
            out.changes.add(new DropDatabase(database.name(), existing.isTemplate(), existing.isInvalid(),
                    Boolean.TRUE.equals(database.forceDrop())));
        }
    }
}
