package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.database.DropDatabase;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.membership.RevokeMembership;
import dev.pgstate.reconcilers.kind.role.AlterRole;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Spec and live state built in code, the expected plan asserted: no database. */
class PlannerTest {

    private static final ServerInfo PG16 = new ServerInfo(160004, "postgres", "postgres");
    private static final ServerInfo PG14 = new ServerInfo(140015, "postgres", "postgres");

    private final Planner planner = new Planner();

    @Test
    void createsWhatIsMissingInDependencyOrder() {
        Spec spec = spec(List.of(role("idbox", r -> withLogin(r, true)), role("admin", r -> r)),
                List.of(DatabaseSpec.builder("idboxdb").owner("idbox").build()));

        Plan plan = planner.plan(spec, live(PG16, List.of(), List.of(), List.of()));

        assertThat(addresses(plan)).containsExactly("role.admin", "role.idbox", "database.idboxdb");
        assertThat(plan.changes().get(1).attributes()).extracting(AttributeChange::name).containsExactly("login");
        assertThat(plan.count(Action.Tally.ADD)).isEqualTo(3);
    }

    @Test
    void onlyManagedAttributesAreCompared() {
        LiveRole existing = liveRole("idbox", true);
        Spec spec = spec(List.of(RoleSpec.named("idbox")), List.of());

        Plan plan = planner.plan(spec, live(PG16, List.of(existing), List.of(), List.of()));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.unmanaged()).isEmpty();
    }

    @Test
    void alterNamesEachDriftedAttributeWithBeforeAndAfter() {
        LiveRole existing = new LiveRole("admin", 16390, true, true, true, true, true, false, false, -1, Optional.empty());
        RoleSpec wanted = RoleSpec.builder("admin").superuser(true).createdb(true).createrole(false).login(true)
                .connectionLimit(5).validUntil("2030-01-01").build();

        Plan plan = planner.plan(spec(List.of(wanted), List.of()), live(PG16, List.of(existing), List.of(), List.of()));

        Change change = plan.changes().get(0);
        assertThat(change).isInstanceOf(AlterRole.class);
        assertThat(change.attributes()).extracting(a -> a.name() + ": " + a.before() + " -> " + a.after())
                .containsExactly("createrole: true -> false", "connection_limit: -1 -> 5",
                        "valid_until: infinity -> 2030-01-01T00:00:00Z");
    }

    @Test
    void validUntilComparesInstantsNotText() {
        LiveRole existing = new LiveRole("a", 16390, false, false, false, true, true, false, false, -1,
                Optional.of(Instant.parse("2030-01-01T00:00:00Z")));
        RoleSpec wanted = RoleSpec.builder("a").validUntil("2030-01-01 02:00:00+02:00").build();

        assertThat(planner.plan(spec(List.of(wanted), List.of()), live(PG16, List.of(existing), List.of(), List.of()))
                .hasChanges()).isFalse();
    }

    @Test
    void loginTakenAwayMayLockOut() {
        RoleSpec wanted = withLogin(RoleSpec.named("app"), false);

        Plan plan = planner.plan(spec(List.of(wanted), List.of()),
                live(PG16, List.of(liveRole("app", true)), List.of(), List.of()));

        assertThat(plan.changes().get(0).risks()).containsExactly(Risk.MAY_LOCK_OUT);
    }

    @Test
    void membershipsAreGrantedAlignedAndRevokedOnlyWhenListed() {
        RoleSpec idbox = role("idbox", r -> withMemberships(r,
                List.of(MembershipSpec.of("readers"), new MembershipSpec("writers", true, false, null))));
        List<LiveRole> roles = List.of(liveRole("idbox", true), liveRole("readers", false), liveRole("writers", false),
                liveRole("auditors", false));
        List<LiveMembership> memberships = List.of(
                new LiveMembership("writers", "idbox", "postgres", false, true, true),
                new LiveMembership("auditors", "idbox", "postgres", false, true, true),
                new LiveMembership("auditors", "idbox", "readers", false, true, true));

        Plan plan = planner.plan(spec(List.of(idbox), List.of()), live(PG16, roles, memberships, List.of()));

        assertThat(plan.changes()).extracting(c -> c.action() + " " + c.address()).containsExactly(
                "REVOKE membership.auditors.idbox", "GRANT membership.readers.idbox", "ALTER membership.writers.idbox");
        assertThat(((RevokeMembership) plan.changes().get(0)).grantors()).containsExactly("postgres", "readers");
        assertThat(plan.changes().get(2).attributes()).extracting(a -> a.name() + ": " + a.before() + " -> " + a.after())
                .containsExactly("admin: false -> true", "inherit: true -> false");
    }

    @Test
    void membershipsOfRolesWithoutMemberOfAreLeftAlone() {
        List<LiveMembership> memberships = List.of(new LiveMembership("g", "idbox", "postgres", false, true, true));
        Plan plan = planner.plan(spec(List.of(RoleSpec.named("idbox")), List.of()),
                live(PG16, List.of(liveRole("idbox", true), liveRole("g", false)), memberships, List.of()));

        assertThat(plan.hasChanges()).isFalse();
    }

    @Test
    void perGrantInheritBefore16IsAManualActionNotAChange() {
        RoleSpec idbox = role("idbox", r -> withMemberships(r, List.of(new MembershipSpec("g", null, false, null))));
        List<LiveMembership> memberships = List.of(new LiveMembership("g", "idbox", "postgres", false, true, true));

        Plan plan = planner.plan(spec(List.of(idbox), List.of()),
                live(PG14, List.of(liveRole("idbox", true), liveRole("g", false)), memberships, List.of()));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.manualActions()).extracting(ManualAction::attribute).containsExactly("inherit");
    }

    @Test
    void dropsRunAfterEverythingElseDatabasesBeforeRoles() {
        Spec spec = spec(
                List.of(absent("old", "admin"), RoleSpec.named("admin")),
                List.of(DatabaseSpec.builder("olddb").state(State.ABSENT).build(),
                        DatabaseSpec.named("newdb")));
        List<RoleDependency> owned = List.of(new RoleDependency("old", null, RoleDependency.Kind.OWNER, "pg_database", 1));

        Plan plan = planner.plan(spec, live(PG16, List.of(liveRole("old", true)), List.of(),
                List.of(liveDatabase("olddb", "old")), owned));

        assertThat(addresses(plan)).containsExactly("role.admin", "database.newdb", "database.olddb", "role.old");
        assertThat(plan.changes().get(3).risks()).containsExactly(Risk.DESTRUCTIVE);
    }

    @Test
    void aRoleThatOwnsObjectsIsNotDroppedWithoutAnHeir() {
        List<RoleDependency> owned = List.of(
                new RoleDependency("old", "appdb", RoleDependency.Kind.OWNER, "pg_class", 3),
                new RoleDependency("old", "postgres", RoleDependency.Kind.PRIVILEGES, "pg_namespace", 1));

        Plan plan = planner.plan(spec(List.of(absent("old", null)), List.of()),
                live(PG16, List.of(liveRole("old", true)), List.of(), List.of(), owned));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.manualActions().get(0).reason()).isEqualTo("it is still owner of 3 pg_class objects in "
                + "database appdb; privileges on 1 pg_namespace object in database postgres; name a "
                + "reassign_owned_to role to hand them over and drop it");
    }

    @Test
    void theBootstrapSuperuserAndTheAgentItselfAreNeverDropped() {
        LiveRole bootstrap = new LiveRole("postgres", 10, true, true, true, true, true, true, true, -1, Optional.empty());

        Plan plan = planner.plan(spec(List.of(absent("postgres", null)), List.of()),
                live(PG16, List.of(bootstrap), List.of(), List.of()));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.manualActions()).hasSize(1);
    }

    /** Each attribute the bootstrap superuser keeps is named as it is; the others are applied. */
    @Test
    void theBootstrapSuperuserKeepsItsAccessAndThePlanSaysWhichAttribute() {
        LiveRole bootstrap = new LiveRole("postgres", 10, true, true, true, true, true, true, true, -1, Optional.empty());
        RoleSpec wanted = RoleSpec.builder("postgres").createdb(false).connectionLimit(0).build();

        Plan plan = planner.plan(spec(List.of(wanted), List.of()), live(PG16, List.of(bootstrap), List.of(), List.of()));

        assertThat(plan.manualActions()).extracting(m -> m.attribute() + ": " + m.found() + " -> " + m.expected())
                .containsExactly("connection_limit: -1 -> 0");
        assertThat(plan.manualActions().get(0).reason())
                .isEqualTo("the bootstrap superuser keeps SUPERUSER, LOGIN and its connections; the agent will not take them away");
        assertThat(plan.changes()).singleElement().satisfies(change ->
                assertThat(change.attributes()).extracting(a -> a.name() + "=" + a.after()).containsExactly("createdb=false"));
    }

    @Test
    void encodingAndLocaleDriftNeedsManualActionNeverADrop() {
        DatabaseSpec wanted = DatabaseSpec.builder("app").encoding("utf-8").locale("en_US.UTF-8").build();
        LiveDatabase existing = new LiveDatabase("app", "postgres", "UTF8", "C", "C", "libc", null, -1, true, false);

        Plan plan = planner.plan(spec(List.of(), List.of(wanted)), live(PG16, List.of(), List.of(), List.of(existing)));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.manualActions()).extracting(m -> m.attribute() + ": " + m.found() + " -> " + m.expected())
                .containsExactly("locale: C -> en_US.UTF-8");
    }

    @Test
    void anInvalidDatabaseIsDroppedOnlyWhenTheSpecSaysAbsentAndReportedOtherwise() {
        LiveDatabase leftInvalid = new LiveDatabase("gone", "postgres", "UTF8", "C", "C", "libc", null, -2, true, true);
        LiveDatabase beingDropped = new LiveDatabase("going", "postgres", "UTF8", "C", "C", "libc", null, -2, true,
                false, 4242);
        LiveDatabase stray = new LiveDatabase("stray", "postgres", "UTF8", "C", "C", "libc", null, -2, true, false);
        List<LiveDatabase> databases = List.of(leftInvalid, beingDropped, stray);

        Plan absent = planner.plan(spec(List.of(), List.of(
                DatabaseSpec.builder("gone").state(State.ABSENT).build(),
                DatabaseSpec.builder("going").state(State.ABSENT).build())),
                live(PG16, List.of(), List.of(), databases));
        Plan present = planner.plan(spec(List.of(), List.of(DatabaseSpec.named("gone"), DatabaseSpec.named("going"))),
                live(PG16, List.of(), List.of(), databases));

        assertThat(absent.changes()).extracting(Change::address).containsExactlyInAnyOrder(
                DatabaseKind.address("going"), DatabaseKind.address("gone"));
        assertThat(absent.changes()).allSatisfy(drop -> assertThat(((DropDatabase) drop).invalid()).isTrue());
        assertThat(present.hasChanges()).isFalse();
        assertThat(present.manualActions()).extracting(a -> a.address() + ": " + a.reason()).containsExactly(
                "database.going: it is being dropped by another session (process 4242), e.g. of an agent that was "
                        + "stopped while dropping it; it can only be dropped (DROP DATABASE, or state: absent), after "
                        + "which the next apply creates it anew, empty",
                "database.gone: an interrupted DROP DATABASE left it invalid: part of its files are gone and nobody "
                        + "can connect to it; it can only be dropped (DROP DATABASE, or state: absent), after which "
                        + "the next apply creates it anew, empty",
                "database.stray: an interrupted DROP DATABASE left it invalid: part of its files are gone and nobody "
                        + "can connect to it; drop it (DROP DATABASE, or name it with state: absent)");
        assertThat(absent.manualActions()).extracting(ManualAction::address).containsExactly(DatabaseKind.address("stray"));
    }

    @Test
    void aDatabaseWithItsOwnEncodingIsCopiedFromTemplate0() {
        DatabaseSpec wanted = DatabaseSpec.builder("app").encoding("LATIN1").locale("C").build();

        Plan plan = planner.plan(spec(List.of(), List.of(wanted)), live(PG16, List.of(), List.of(), List.of()));

        assertThat(plan.changes().get(0).attributes()).extracting(a -> a.name() + "=" + a.after())
                .containsExactly("encoding=LATIN1", "locale=C", "template=template0");
    }

    @Test
    void objectsTheSpecDoesNotNameAreUnmanagedAndLeftAlone() {
        LiveRole system = new LiveRole("pg_monitor", 3373, false, false, false, true, false, false, false, -1,
                Optional.empty());

        Plan plan = planner.plan(spec(List.of(), List.of()), live(PG16, List.of(liveRole("legacy", true), system),
                List.of(), List.of(liveDatabase("olddb", "legacy"), liveDatabase("template1", "postgres"))));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.unmanaged()).extracting(Address::toString).containsExactly("role.legacy", "database.olddb");
    }

    @Test
    void referencesToRolesThatNeverExistFailWithEveryProblem() {
        Spec spec = spec(List.of(role("a", r -> withMemberships(r, List.of(MembershipSpec.of("ghost"))))),
                List.of(DatabaseSpec.builder("d").owner("nobody").build()));

        assertThatThrownBy(() -> planner.plan(spec, live(PG16, List.of(), List.of(), List.of())))
                .isInstanceOf(PlanningException.class)
                .hasMessage("role.a: member_of names role \"ghost\", which is neither in the spec nor on the server\n"
                        + "database.d: owner \"nobody\" is neither a role in the spec nor one on the server");
    }

    @Test
    void hostileNamesAreQuotedInAddresses() {
        Plan plan = planner.plan(spec(List.of(RoleSpec.named("x\"; DROP ROLE postgres; --")), List.of()),
                live(PG16, List.of(), List.of(), List.of()));

        assertThat(addresses(plan)).containsExactly("role.\"x\\\"; DROP ROLE postgres; --\"");
    }

    private static List<String> addresses(Plan plan) {
        return plan.changes().stream().map(c -> c.address().toString()).toList();
    }

    private static Spec spec(List<RoleSpec> roles, List<DatabaseSpec> databases) {
        return Spec.builder().roles(roles).databases(databases).build();
    }

    private static RoleSpec role(String name, Function<RoleSpec, RoleSpec> edit) {
        return edit.apply(RoleSpec.named(name));
    }

    private static RoleSpec absent(String name, String heir) {
        return RoleSpec.builder(name).state(State.ABSENT).reassignOwnedTo(heir).build();
    }

    private static RoleSpec withLogin(RoleSpec r, boolean login) {
        return r.toBuilder().login(login).build();
    }

    private static RoleSpec withMemberships(RoleSpec r, List<MembershipSpec> memberOf) {
        return r.toBuilder().memberOf(memberOf).build();
    }

    private static LiveRole liveRole(String name, boolean login) {
        return new LiveRole(name, 16384 + name.hashCode() % 1000 + 1000, false, false, false, true, login, false, false,
                -1, Optional.empty());
    }

    private static LiveDatabase liveDatabase(String name, String owner) {
        return new LiveDatabase(name, owner, "UTF8", "C", "C", "libc", null, -1, true, false);
    }

    private static LiveState live(ServerInfo server, List<LiveRole> roles, List<LiveMembership> memberships,
                                  List<LiveDatabase> databases) {
        return live(server, roles, memberships, databases, List.of());
    }

    private static LiveState live(ServerInfo server, List<LiveRole> roles, List<LiveMembership> memberships,
                                  List<LiveDatabase> databases, List<RoleDependency> dependencies) {
        return LiveStates.of(server, byName(roles, LiveRole::name), memberships, byName(databases, LiveDatabase::name),
                dependencies);
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity()));
    }
}
