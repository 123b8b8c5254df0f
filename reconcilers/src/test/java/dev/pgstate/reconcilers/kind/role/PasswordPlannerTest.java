package dev.pgstate.reconcilers.kind.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ScramVerifier;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.registry.Kinds;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStates;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.StoredPassword;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Passwords compared with what pg_authid stores, in words only, and never re-set when they match. */
class PasswordPlannerTest {

    private static final ServerInfo PG16 = new ServerInfo(160004, "postgres", "postgres");
    private static final Secret SECRET = Secret.of("correct horse".toCharArray());
    private static final ScramVerifier SECRET_VERIFIER = Scram.verifier(SECRET, 4096);
    private static final ScramVerifier OTHER_VERIFIER = Scram.verifier(Secret.of("other".toCharArray()), 4096);
    private static final DesiredPassword FROM_SECRET = new DesiredPassword.Plaintext(SECRET, 4096);
    private static final RoleSpec IDBOX = RoleSpec.named("idbox")
            .withPassword(new PasswordSource.External(PasswordSource.Origin.ENV, "IDBOX_PASSWORD", null));

    private final List<String> checked = new ArrayList<>();
    /** Counts the PBKDF2 runs, the planner's one costly step. */
    private final Planner planner = new Planner(Kinds.planInputs(PasswordVerdicts.checkingWith(
            (plaintext, stored) -> {
                checked.add("check");
                return PasswordCheck.SCRAM.matches(plaintext, stored);
            })));

    @Test
    void aNewRoleGetsItsPasswordAndTouchesASecret() {
        Plan plan = plan(IDBOX, FROM_SECRET, null);

        Change create = plan.changes().get(0);
        assertThat(create).isInstanceOf(CreateRole.class);
        assertThat(create.attributes()).singleElement().satisfies(a -> {
            assertThat(a.attribute()).isEqualTo(RoleAttribute.PASSWORD);
            assertThat(a.sensitive()).isTrue();
            assertThat(a.after()).isEqualTo(FROM_SECRET);
        });
        assertThat(create.risks()).containsExactly(Risk.TOUCHES_SECRET);
    }

    @Test
    void aMatchingVerifierIsNotReSetAndCostsOnePbkdf2() {
        Plan plan = plan(IDBOX, FROM_SECRET, StoredPassword.of(SECRET_VERIFIER.text()));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(checked).hasSize(1);
    }

    @Test
    void eachKindOfDriftIsNamedButNeverShown() {
        assertThat(reason(plan(IDBOX, FROM_SECRET, StoredPassword.of(OTHER_VERIFIER.text()))))
                .endsWith("; password: password differs");
        assertThat(reason(plan(IDBOX, FROM_SECRET, StoredPassword.of("md5" + "0".repeat(32)))))
                .endsWith("; password: stored as md5");
        assertThat(reason(plan(IDBOX, FROM_SECRET, StoredPassword.NONE))).endsWith("; password: no password");
        Change drift = plan(IDBOX, FROM_SECRET, StoredPassword.of(OTHER_VERIFIER.text())).changes().get(0);
        assertThat(drift.risks()).containsExactly(Risk.TOUCHES_SECRET);
        assertThat(drift.toString()).doesNotContain("correct horse").doesNotContain(OTHER_VERIFIER.text());
    }

    @Test
    void aGivenVerifierIsComparedAsTextWithoutPbkdf2() {
        RoleSpec role = RoleSpec.named("idbox").withPassword(new PasswordSource.Verifier(SECRET_VERIFIER));
        DesiredPassword desired = new DesiredPassword.Verifier(SECRET_VERIFIER);

        assertThat(plan(role, desired, StoredPassword.of(SECRET_VERIFIER.text())).hasChanges()).isFalse();
        assertThat(reason(plan(role, desired, StoredPassword.of(OTHER_VERIFIER.text())))).endsWith("password differs");
        assertThat(checked).isEmpty();
    }

    @Test
    void noneRemovesAPasswordAndMayLockOutButKeepsTheBootstrapSuperuser() {
        RoleSpec postgres = RoleSpec.named("postgres").withPassword(new PasswordSource.None());
        DesiredPassword none = new DesiredPassword.None();

        Plan plan = plan(postgres, none, StoredPassword.of(SECRET_VERIFIER.text()));

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.reason()).endsWith("; password: has a password, the spec says none");
            assertThat(change.risks()).containsExactlyInAnyOrder(Risk.TOUCHES_SECRET, Risk.MAY_LOCK_OUT);
        });
        assertThat(plan.manualActions()).isEmpty();
        assertThat(plan(postgres, none, StoredPassword.NONE).hasChanges()).isFalse();
        assertThat(plan(RoleSpec.named("idbox").withPassword(new PasswordSource.None()), none, null).changes()
                .get(0).attributes()).isEmpty();
    }

    @Test
    void unreadablePasswordsAreReportedOnceAndNeverChurn() {
        RoleSpec admin = RoleSpec.named("admin").withPassword(new PasswordSource.None());
        Spec spec = Spec.builder().roles(IDBOX, admin).build();
        LiveState live = live(List.of(liveRole("idbox", StoredPassword.UNREADABLE),
                liveRole("admin", StoredPassword.UNREADABLE)));

        Plan plan = planner.plan(spec, live, new DesiredPasswords(Map.of("idbox", FROM_SECRET,
                "admin", new DesiredPassword.None())));

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.manualActions()).singleElement().satisfies(action -> {
            assertThat(action.address()).isEqualTo(RoleKind.address("admin"));
            assertThat(action.reason()).contains("cannot read pg_authid").contains("\"admin\", \"idbox\"");
        });
        assertThat(checked).isEmpty();
    }

    private Plan plan(RoleSpec role, DesiredPassword desired, StoredPassword stored) {
        List<LiveRole> roles = stored == null ? List.of() : List.of(liveRole(role.name(), stored));
        return planner.plan(Spec.builder().roles(role).build(), live(roles),
                new DesiredPasswords(Map.of(role.name(), desired)));
    }

    private static String reason(Plan plan) {
        return plan.changes().get(0).reason();
    }

    private static LiveRole liveRole(String name, StoredPassword password) {
        long oid = name.equals("postgres") ? 10 : 16400;
        return new LiveRole(name, oid, false, false, false, true, true, false, false, -1, Optional.empty(), password);
    }

    private static LiveState live(List<LiveRole> roles) {
        Map<String, LiveRole> byName = new LinkedHashMap<>();
        roles.forEach(role -> byName.put(role.name(), role));
        return LiveStates.of(PG16, byName, List.of(), Map.of(), List.of());
    }
}
