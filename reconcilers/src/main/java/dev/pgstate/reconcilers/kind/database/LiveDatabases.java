package dev.pgstate.reconcilers.kind.database;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server's databases by name, as read in the one snapshot, which plan themselves against the spec with the
 * unmanaged drops added and export every database initdb did not make.
 */
public record LiveDatabases(ServerInfo server, Map<String, LiveDatabase> byName) implements KindState {

    public LiveDatabases {
        byName = Map.copyOf(byName);
    }

    static LiveDatabases of(ServerInfo server, List<LiveDatabase> read) {
        Map<String, LiveDatabase> byName = new LinkedHashMap<>();
        read.forEach(database -> byName.put(database.name(), database));
        return new LiveDatabases(server, byName);
    }

    /** The server's databases by name among what the kinds read ({@code read}); none when they were not read. */
    public static Map<String, LiveDatabase> byNameIn(List<KindState> read) {
        return KindState.find(read, LiveDatabases.class).map(LiveDatabases::byName).orElse(Map.of());
    }

    @Override
    public boolean plansFromInputsAlone(Spec spec) {
        return true;
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        new DatabasePlanner(context.planned(), server, byName, RoleKind.existsAfterPlan(context), findings).plan();
    }

    /** The locales of the databases the spec would create that the server lacks ({@link NewDatabaseLocales}). */
    @Override
    public List<String> refusals(Spec spec, Connection session) throws SQLException {
        return NewDatabaseLocales.missing(session, spec, byName);
    }

    /** Every database but those initdb makes. */
    @Override
    public List<UnmanagedObject> unmanaged(Spec spec) {
        Set<String> specDatabases = spec.databases().stream().map(DatabaseSpec::name).collect(Collectors.toSet());
        return byName.values().stream()
                .filter(database -> !DatabasePlanner.BOOTSTRAP_DATABASES.contains(database.name())
                        && !specDatabases.contains(database.name()))
                .flatMap(database -> UnmanagedObject.under(spec.unmanaged().databases(),
                        DatabaseKind.address(database.name()), false).stream())
                .toList();
    }

    /** Never a template database. */
    @Override
    public Spec withDrops(Spec planned, List<UnmanagedObject> drifting) {
        List<DatabaseSpec> databases = new ArrayList<>(planned.databases());
        drifting.stream().map(UnmanagedObject::address).filter(address -> DatabaseKind.NAME.equals(address.kind()))
                .map(address -> address.names().get(0)).filter(name -> !byName.get(name).isTemplate())
                .forEach(name -> databases.add(DatabaseSpec.builder(name).state(State.ABSENT).build()));
        return planned.toBuilder().databases(databases).build();
    }

    /** Every database, template or not. */
    @Override
    public Map<Address, String> digestTexts(Spec spec, List<KindState> read) {
        Map<Address, String> texts = new LinkedHashMap<>();
        byName.values().forEach(database -> texts.put(DatabaseKind.address(database.name()), database.toString()));
        return texts;
    }

    @Override
    public Spec export(Spec exported) {
        List<DatabaseSpec> databases = byName.values().stream()
                // an invalid database (an interrupted DROP) can only be dropped: it is not state worth keeping
                .filter(database -> !DatabasePlanner.BOOTSTRAP_DATABASES.contains(database.name())
                        && !database.isInvalid())
                .sorted(Comparator.comparing(LiveDatabase::name))
                .map(LiveDatabases::database)
                .toList();
        return exported.toBuilder().databases(databases).build();
    }

    private static DatabaseSpec database(LiveDatabase database) {
        // ICU (15+) and builtin (17+) databases have a locale of their own; libc ones have lc_collate/lc_ctype
        boolean ownLocale = database.locale() != null;
        return DatabaseSpec.builder(database.name()).owner(database.owner()).encoding(database.encoding())
                .locale(ownLocale ? database.locale() : null).lcCollate(ownLocale ? null : database.lcCollate())
                .lcCtype(ownLocale ? null : database.lcCtype()).connectionLimit(database.connectionLimit())
                .allowConnections(database.allowConnections()).isTemplate(database.isTemplate()).build();
    }
}
