package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.PasswordSource.External;
import dev.pgstate.model.spec.PasswordSource.Origin;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's idle cycles on real servers: one converger plans again and again, as the daemon does, and a plan with
 * no change is given again while nothing it was made from moved; a change behind the agent's back (ALTER ROLE, a
 * grant revoked, a pg_hba.conf line), a rotated secret file, an edited spec or a file pg_hba.conf includes is still
 * found at the next plan and fixed at the next apply.
 */
class IdleCyclePlanIT {

    /** What the testkit's own connections need: the agent connects over TCP from 127.0.0.1 as postgres. */
    private static final List<HbaRuleSpec> RULES = List.of(
            rule("local", "all", "trust"),
            rule("host", "all", "trust"));

    @TempDir
    Path dir;

    @AcrossPgVersions
    void anIdlePlanIsGivenAgainUntilTheServerTheSecretOrTheSpecMoves(PgCluster pg) throws Exception {
        Path secret = Files.writeString(dir.resolve("app"), "first");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Spec spec = spec(RoleSpec.builder("app").login(true).createdb(false)
                .password(new External(Origin.FILE, secret.toString(), null))
                .memberOf(List.of(MembershipSpec.of("staff"))).build());
        Converger converger = converger(pg);
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        // a secret file is kept between plans once its last change is settled (SecretResolver); until then each plan
        // reads it again, into another secret, and plans afresh
        Thread.sleep(2_100);

        Plan idle = converger.plan(spec);
        assertThat(idle.hasChanges()).isFalse();
        assertThat(converger.plan(spec)).as("nothing moved: the same plan, not planned again").isSameAs(idle);

        pg.execute("ALTER ROLE app CREATEDB");
        assertThat(addresses(converger.plan(spec))).containsExactly("role.app");
        assertConvergesAgain(converger, spec);

        pg.execute("SET password_encryption = 'scram-sha-256'; ALTER ROLE app PASSWORD 'out of band'");
        assertThat(converger.plan(spec).changes()).singleElement()
                .satisfies(change -> assertThat(change.reason()).endsWith("password: password differs"));
        assertConvergesAgain(converger, spec);

        pg.execute("REVOKE staff FROM app");
        assertThat(addresses(converger.plan(spec))).containsExactly("membership.staff.app");
        assertConvergesAgain(converger, spec);

        Files.writeString(pg.hbaFile(), Files.readString(pg.hbaFile()) + "host all all 10.9.0.0/16 reject\n");
        assertThat(addresses(converger.plan(spec))).containsExactly("hba.rules");
        assertConvergesAgain(converger, spec);

        Files.writeString(secret, "second");
        Thread.sleep(2_100);
        assertThat(converger.plan(spec).changes()).singleElement()
                .satisfies(change -> assertThat(change.reason()).endsWith("password: password differs"));
        assertConvergesAgain(converger, spec);

        Spec edited = spec(RoleSpec.builder("app").login(true).createdb(true)
                .password(new External(Origin.FILE, secret.toString(), null))
                .memberOf(List.of(MembershipSpec.of("staff"))).build());
        assertThat(addresses(converger.plan(edited))).containsExactly("role.app");
    }

    @AcrossPgVersions
    void aFileThePgHbaConfIncludesIsReadAtEveryPlan(PgCluster pg) throws Exception {
        Path users = Files.writeString(dir.resolve("users"), "app\n");
        pg.serverUser().own(dir);
        pg.serverUser().own(users);
        Spec spec = Spec.builder().roles(RoleSpec.builder("app").login(true).build())
                .hba(new HbaSpec(HbaSpec.MANAGED_BLOCK, "top", List.of(RULES.get(0), RULES.get(1),
                        HbaRuleSpec.builder("host", "reject").databases(List.of("all"))
                                .users(List.of("@" + users)).address("10.8.0.0/16").options(Map.of()).build()),
                        List.of())).build();
        Converger converger = converger(pg);
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);

        Plan idle = converger.plan(spec);
        assertThat(idle.hasChanges()).isFalse();
        assertThat(converger.plan(spec)).as("the planner reads the included file: planned again").isNotSameAs(idle);
    }

    private static void assertConvergesAgain(Converger converger, Spec spec) throws Exception {
        assertThat(converger.apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.CONVERGED);
        Plan idle = converger.plan(spec);
        assertThat(idle.hasChanges()).isFalse();
        assertThat(converger.plan(spec)).isSameAs(idle);
    }

    private static List<String> addresses(Plan plan) {
        return plan.changes().stream().map(Change::address).map(Object::toString).toList();
    }

    private static Spec spec(RoleSpec app) {
        return Spec.builder().roles(app, RoleSpec.builder("staff").build())
                .hba(new HbaSpec(HbaSpec.WHOLE_FILE, null, RULES, List.of())).build();
    }

    private static HbaRuleSpec rule(String type, String users, String method) {
        return HbaRuleSpec.builder(type, method).databases(List.of("all")).users(List.of(users))
                .address(type.equals("local") ? null : "127.0.0.1/32").options(Map.of()).build();
    }

    private static Converger converger(PgCluster pg) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres", null,
                "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ofSeconds(60), SecretResolver.fromEnvironment(Map.of()), new Planner());
    }
}
