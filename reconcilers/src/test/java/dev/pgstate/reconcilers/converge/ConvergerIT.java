package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.DatabaseSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.State;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.reconcilers.kind.role.DropRole;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/** The whole line against real servers: plan, apply under the lock, re-read, and an empty plan afterwards. */
class ConvergerIT {

    private static final String HOSTILE = "x\"; DROP ROLE postgres; --";

    @AcrossPgVersions
    void everyAttributeIsCreatedThenAlteredAndASecondApplyChangesNothing(PgCluster cluster) throws Exception {
        Converger converger = converger(cluster);
        RoleSpec created = RoleSpec.builder("app").superuser(false).createdb(true).createrole(true)
                .inherit(false).login(true).replication(true).bypassrls(true).connectionLimit(7)
                .validUntil("2031-05-01T10:00:00Z").memberOf(List.of()).build();
        Spec first = Spec.builder().roles(created, RoleSpec.named("group"))
                .databases(DatabaseSpec.builder("appdb").owner("app").encoding("UTF8").locale("C").connectionLimit(3)
                        .allowConnections(true).isTemplate(false).build()).build();

        assertThat(converger.apply(first, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("SELECT rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolcanlogin, rolreplication,"
                + " rolbypassrls, rolconnlimit, rolvaliduntil AT TIME ZONE 'UTC' FROM pg_authid WHERE rolname = 'app'"))
                .isEqualTo("f|t|t|f|t|t|t|7|2031-05-01 10:00:00");
        assertThat(cluster.psql("SELECT pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate, datconnlimit"
                + " FROM pg_database WHERE datname = 'appdb'")).isEqualTo("app|UTF8|C|3");

        RoleSpec altered = RoleSpec.builder("app").superuser(true).createdb(false).createrole(false)
                .inherit(true).login(false).replication(false).bypassrls(false).connectionLimit(-1)
                .validUntil("infinity").memberOf(List.of(new MembershipSpec("group", true, null, null))).build();
        Spec second = Spec.builder().roles(altered, RoleSpec.named("group"))
                .databases(DatabaseSpec.builder("appdb").owner("group").connectionLimit(-1).allowConnections(false)
                        .isTemplate(true).build()).build();
        ConvergeResult result = converger.apply(second, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("SELECT rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolcanlogin, rolreplication,"
                + " rolbypassrls, rolconnlimit, rolvaliduntil FROM pg_authid WHERE rolname = 'app'"))
                .isEqualTo("t|f|f|t|f|f|f|-1|infinity");
        assertThat(cluster.psql("SELECT pg_get_userbyid(datdba), datconnlimit, datallowconn, datistemplate"
                + " FROM pg_database WHERE datname = 'appdb'")).isEqualTo("group|-1|f|t");
        assertThat(cluster.psql("SELECT admin_option FROM pg_auth_members WHERE roleid = 'group'::regrole"
                + " AND member = 'app'::regrole")).isEqualTo("t");
        assertThat(converger.apply(second, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void membershipsAreAddedAndRemoved(PgCluster cluster) throws Exception {
        Converger converger = converger(cluster);
        boolean options = cluster.majorVersion() >= 16;
        MembershipSpec writers = options ? new MembershipSpec("writers", false, false, false) : MembershipSpec.of("writers");
        converger.apply(withMemberships(List.of(MembershipSpec.of("readers"), writers)), ApplyListener.NONE);
        assertThat(memberships(cluster)).isEqualTo(options ? "readers|f|t|t\nwriters|f|f|f" : "readers|f\nwriters|f");

        ConvergeResult result = converger.apply(withMemberships(List.of(
                options ? new MembershipSpec("writers", true, true, true) : new MembershipSpec("writers", true, null, null))),
                ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(memberships(cluster)).isEqualTo(options ? "writers|t|t|t" : "writers|t");
    }

    @AcrossPgVersions
    void anAbsentRoleHandsOverWhatItOwnsInEveryDatabaseAndIsDropped(PgCluster cluster) throws Exception {
        cluster.execute("CREATE ROLE heir; CREATE ROLE leaving LOGIN");
        cluster.execute("CREATE DATABASE leavingdb OWNER leaving");
        cluster.psql("leavingdb", "SET ROLE leaving; CREATE TABLE t (id int); RESET ROLE; GRANT SELECT ON pg_class TO leaving");
        Converger converger = converger(cluster);
        Spec spec = Spec.builder()
                .roles(RoleSpec.builder("leaving").state(State.ABSENT).reassignOwnedTo("heir").build()).build();

        Plan plan = converger.plan(spec);
        assertThat(plan.changes()).singleElement().isInstanceOfSatisfying(DropRole.class,
                drop -> assertThat(drop.dependencies()).isNotEmpty());
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);

        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'leaving'")).isEqualTo("0");
        assertThat(cluster.psql("leavingdb", "SELECT tableowner FROM pg_tables WHERE tablename = 't'")).isEqualTo("heir");
        assertThat(cluster.psql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'leavingdb'"))
                .isEqualTo("heir");
    }

    @AcrossPgVersions
    void absentDatabasesAreDroppedButARoleThatStillOwnsSomethingIsOnlyReported(PgCluster cluster) throws Exception {
        cluster.execute("CREATE ROLE keeper LOGIN");
        cluster.execute("CREATE DATABASE gone OWNER keeper IS_TEMPLATE true");
        cluster.execute("CREATE DATABASE kept OWNER keeper");
        Spec spec = Spec.builder().roles(RoleSpec.builder("keeper").state(State.ABSENT).build())
                .databases(DatabaseSpec.builder("gone").state(State.ABSENT).build()).build();

        ConvergeResult result = converger(cluster).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(result.plan().changes()).extracting(c -> c.address().toString()).containsExactly("database.gone");
        assertThat(result.plan().manualActions()).singleElement().satisfies(m ->
                assertThat(m.reason()).startsWith("it is still owner of 2 pg_database objects (shared)"));
        assertThat(cluster.psql("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"
                + " WHERE datname IN ('gone', 'kept')")).isEqualTo("kept");
        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'keeper'")).isEqualTo("1");
    }

    @AcrossPgVersions
    void hostileNamesArriveExactlyAsWritten(PgCluster cluster) throws Exception {
        List<String> names = List.of(HOSTILE, "Mixed Case", "ünïcødé ロール", "it's", "a\\b");
        List<RoleSpec> roles = names.stream().map(n -> RoleSpec.builder(n).login(true).build()).toList();
        Spec spec = Spec.builder().roles(roles).databases(DatabaseSpec.builder(HOSTILE).owner(HOSTILE).build()).build();

        ConvergeResult result = converger(cluster).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'postgres'")).isEqualTo("1");
        assertThat(cluster.psql("SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname <> 'postgres' ORDER BY 1"))
                .isEqualTo(names.stream().sorted().reduce((a, b) -> a + "\n" + b).orElseThrow());
        assertThat(converger(cluster).plan(spec).hasChanges()).isFalse();
    }

    @AcrossPgVersions
    void aConnectionLostMidApplyIsReportedAndTheNextRunConverges(PgCluster cluster) throws Exception {
        Spec spec = Spec.builder().roles(RoleSpec.named("owner1"))
                .databases(DatabaseSpec.named("lost1"), DatabaseSpec.named("lost2"), DatabaseSpec.named("lost3"))
                .build();
        // cut off once the role is committed, before the databases: they are created two at a time, so a cut after
        // one of them could find the other session done with the rest (the gate saw it converge)
        ApplyListener killer = new ApplyListener() {
            @Override
            public void afterChange(Change change) {
                if (change.address().toString().equals("role.owner1")) {
                    cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE application_name = 'pgstate-agent' AND pid <> pg_backend_pid()");
                }
            }
        };

        ConvergeResult broken = converger(cluster).apply(spec, killer);

        assertThat(broken.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        // the cut-off session's first database is lost1 or lost2, whichever of the two sessions took it
        assertThat(broken.applied().failure()).hasValueSatisfying(f -> {
            assertThat(f.error().connectionLost()).isTrue();
            assertThat(f.change().address().toString()).isIn("database.lost1", "database.lost2");
        });
        assertThat(converger(cluster).apply(spec, ApplyListener.NONE).outcome())
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(converger(cluster).plan(spec).hasChanges()).isFalse();
    }

    /**
     * A refused database does not keep a role, a setting and its reload from taking effect; the next apply retries it.
     * The refusal is one no plan can foresee: the template is in use by another session when the copy is made.
     */
    @AcrossPgVersions
    void aRefusedChangeIsReportedWhileEverythingElseIsAppliedAndReloaded(PgCluster cluster) throws Exception {
        cluster.execute("CREATE DATABASE busy_template");
        DatabaseSpec copy = DatabaseSpec.builder("copy_of_busy").template("busy_template").build();
        ServerSpec server = ServerSpec.builder().settings(Map.of("work_mem", "12MB")).build();
        Spec spec = Spec.builder().roles(RoleSpec.named("kept"))
                .databases(DatabaseSpec.named("busy_template"), copy).server(server).build();

        ConvergeResult result;
        try (Connection busy = cluster.connect("busy_template")) {
            result = converger(cluster).apply(spec, ApplyListener.NONE);
        }

        assertThat(result.outcome()).isEqualTo(ConvergeResult.Outcome.FAILED);
        assertThat(result.applied().failures()).singleElement()
                .satisfies(f -> assertThat(f.change().address().toString()).isEqualTo("database.copy_of_busy"));
        assertThat(result.applied().applied()).extracting(c -> c.address().toString())
                .containsExactlyInAnyOrder("role.kept", "setting.work_mem");
        assertThat(result.effects().reloaded()).isTrue();
        assertThat(cluster.psql("SHOW work_mem")).isEqualTo("12MB");
        assertThat(converger(cluster).plan(spec).changes()).extracting(c -> c.address().toString())
                .containsExactly("database.copy_of_busy");
    }

    /** A locale the server's box lacks is the spec's mistake: refused at plan and at apply, before anything changes. */
    @AcrossPgVersions
    void aLocaleTheServerLacksIsRefusedAtPlanNotAtCreateDatabase(PgCluster cluster) throws Exception {
        DatabaseSpec badLocale = DatabaseSpec.builder("bad_locale").lcCollate("no_SUCH.locale").lcCtype("C").build();
        DatabaseSpec good = DatabaseSpec.builder("good_locale").locale("C").build();
        Spec spec = Spec.builder().roles(RoleSpec.named("not_created")).databases(good, badLocale).build();

        assertThatThrownBy(() -> converger(cluster).plan(spec)).isInstanceOf(PlanningException.class)
                .hasMessage("databases[1].lc_collate: the server has no locale \"no_SUCH.locale\" (`locale -a` on its"
                        + " box lists the ones it has)");
        assertThatThrownBy(() -> converger(cluster).apply(spec, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class);
        assertThat(cluster.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'not_created'")).isEqualTo("0");
        assertThat(cluster.psql("SELECT count(*) FROM pg_database WHERE datname LIKE '%_locale'")).isEqualTo("0");
    }

    @AcrossPgVersions
    void twoAppliesAtOnceBothSucceedAndOnlyOneDoesTheWork(PgCluster cluster) throws Exception {
        List<RoleSpec> roles = IntStream.range(0, 40).mapToObj(i -> RoleSpec.named("r" + i)).toList();
        Spec spec = Spec.builder().roles(roles).databases(DatabaseSpec.builder("shared").owner("r0").build()).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<ConvergeResult> apply = () -> converger(cluster).apply(spec, ApplyListener.NONE);
            List<Future<ConvergeResult>> runs = new ArrayList<>(List.of(pool.submit(apply), pool.submit(apply)));
            List<ConvergeResult.Outcome> outcomes = new ArrayList<>();
            for (Future<ConvergeResult> run : runs) {
                outcomes.add(run.get().outcome());
            }
            assertThat(outcomes).containsExactlyInAnyOrder(ConvergeResult.Outcome.CONVERGED,
                    ConvergeResult.Outcome.UNCHANGED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(converger(cluster).plan(spec).hasChanges()).isFalse();
    }

    private static Spec withMemberships(List<MembershipSpec> memberOf) {
        return Spec.builder()
                .roles(RoleSpec.builder("member").login(true).memberOf(memberOf).build(), RoleSpec.named("readers"),
                        RoleSpec.named("writers")).build();
    }

    private static String memberships(PgCluster cluster) {
        String options = cluster.majorVersion() >= 16 ? ", inherit_option, set_option" : "";
        return cluster.psql("SELECT roleid::regrole, admin_option" + options + " FROM pg_auth_members"
                + " WHERE member = 'member'::regrole ORDER BY 1::text");
    }

    private static Converger converger(PgCluster cluster) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", cluster.port(), cluster.superuser(), "postgres",
                null, "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
