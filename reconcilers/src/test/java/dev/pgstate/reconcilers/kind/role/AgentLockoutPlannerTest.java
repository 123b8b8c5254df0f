package dev.pgstate.reconcilers.kind.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStates;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AgentLogin;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.StoredPassword;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.DesiredPasswords;
import dev.pgstate.reconcilers.secret.Scram;
import dev.pgstate.reconcilers.secret.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Changes to the role the agent connects as ("admin" here), judged by how the agent logs in. */
class AgentLockoutPlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final ServerInfo AS_ADMIN = new ServerInfo(160004, "admin", "postgres");
    private static final Secret AGENT_PASSWORD = Secret.of("agent-secret".toCharArray());
    private static final AgentLogin BY_PASSWORD = new AgentLogin(AGENT_PASSWORD);
    private static final PasswordSource ENV = new PasswordSource.External(PasswordSource.Origin.ENV, "ADMIN", null);

    @Test
    void takingAwayLoginOrTheLastConnectionLocksTheAgentOutHoweverItLogsIn() {
        assertThat(lockouts(admin(false, null, null), false, AgentLogin.WITHOUT_PASSWORD)).singleElement()
                .isEqualTo("role \"admin\" is the one the agent connects as: login: false takes away the LOGIN it "
                        + "connects with; the agent would be locked out");
        assertThat(lockouts(admin(null, 0, null), false, AgentLogin.WITHOUT_PASSWORD)).singleElement().asString()
                .contains("connection_limit: 0 leaves it no connection");
    }

    @Test
    void aSuperuserIsNotCountedAgainstItsConnectionLimit() {
        assertThat(lockouts(admin(null, 0, null), true, BY_PASSWORD)).isEmpty();
    }

    @Test
    void anExpiryInThePastLocksOutOnlyAPasswordLogin() {
        RoleSpec expired = admin(null, null, "2001-01-01");

        assertThat(lockouts(expired, true, BY_PASSWORD)).singleElement().asString()
                .contains("valid_until: 2001-01-01T00:00:00Z is past, so the password it logs in with stops working");
        Change peer = plan(expired, true, AgentLogin.WITHOUT_PASSWORD, null).changes().get(0);
        assertThat(peer.lockouts()).isEmpty();
        assertThat(peer.risks()).containsExactly(Risk.MAY_LOCK_OUT);
        assertThat(lockouts(admin(null, null, "2099-01-01"), true, BY_PASSWORD)).isEmpty();
    }

    @Test
    void aPasswordOtherThanTheAgentsLocksOutAPasswordLogin() {
        RoleSpec withPassword = admin(null, null, null).withPassword(ENV);
        DesiredPassword other = new DesiredPassword.Plaintext(Secret.of("rotated".toCharArray()), 4096);
        DesiredPassword same = new DesiredPassword.Plaintext(Secret.of("agent-secret".toCharArray()), 4096);
        DesiredPassword sameAsVerifier = new DesiredPassword.Verifier(Scram.verifier(AGENT_PASSWORD, 4096));

        assertThat(plan(withPassword, true, BY_PASSWORD, other).changes().get(0).lockouts()).singleElement().asString()
                .contains("the spec's password is not the one it logs in with (PGPASSWORD)");
        assertThat(plan(withPassword, true, BY_PASSWORD, new DesiredPassword.None()).changes().get(0).lockouts())
                .singleElement().asString().contains("password: none removes the password it logs in with");
        // the server has another password, and the spec puts the agent's back: a change that keeps it working
        LiveState storedOther = LiveStates.of(AS_ADMIN, Map.of("admin", new LiveRole("admin", 16400, true, false, false,
                true, true, false, false, -1, Optional.empty(), StoredPassword.of(Scram.verifier(
                        Secret.of("rotated".toCharArray()), 4096).text()))), List.of(), Map.of(), List.of());
        for (DesiredPassword agents : List.of(same, sameAsVerifier)) {
            Plan plan = new Planner().plan(Spec.builder().roles(withPassword).build(), storedOther,
                    new DesiredPasswords(Map.of("admin", agents)), NOW, BY_PASSWORD);
            assertThat(plan.changes()).singleElement().satisfies(change -> {
                assertThat(change.lockouts()).isEmpty();
                assertThat(change.risks()).containsExactly(Risk.TOUCHES_SECRET);
            });
        }
        assertThat(plan(withPassword, true, AgentLogin.WITHOUT_PASSWORD, other).changes().get(0).lockouts()).isEmpty();
    }

    @Test
    void anotherRolesChangesNeverCountAsTheAgentsLockout() {
        RoleSpec app = RoleSpec.builder("app").login(false).build();
        LiveState live = LiveStates.of(AS_ADMIN, Map.of("app", live("app", false)), List.of(), Map.of(), List.of());

        Change change = new Planner().plan(Spec.builder().roles(app).build(), live, DesiredPasswords.NONE,
                NOW, BY_PASSWORD).changes().get(0);

        assertThat(change.lockouts()).isEmpty();
        assertThat(change.risks()).containsExactly(Risk.MAY_LOCK_OUT);
    }

    private static List<String> lockouts(RoleSpec admin, boolean superuser, AgentLogin agent) {
        Plan plan = plan(admin, superuser, agent, null);
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            if (!change.lockouts().isEmpty()) {
                assertThat(change.risks()).contains(Risk.MAY_LOCK_OUT);
                assertThat(change.reason()).contains("apply will refuse: " + change.lockouts().get(0));
            }
        });
        return plan.changes().get(0).lockouts();
    }

    private static Plan plan(RoleSpec admin, boolean superuser, AgentLogin agent, DesiredPassword desired) {
        LiveState live = LiveStates.of(AS_ADMIN, Map.of("admin", live("admin", superuser)), List.of(), Map.of(),
                List.of());
        DesiredPasswords passwords = desired == null ? DesiredPasswords.NONE
                : new DesiredPasswords(Map.of("admin", desired));
        return new Planner().plan(Spec.builder().roles(admin).build(), live, passwords, NOW, agent);
    }

    private static RoleSpec admin(Boolean login, Integer connectionLimit, String validUntil) {
        return RoleSpec.builder("admin").login(login).connectionLimit(connectionLimit).validUntil(validUntil).build();
    }

    /** A login role with the agent's password stored, no limit and no expiry. */
    private static LiveRole live(String name, boolean superuser) {
        return new LiveRole(name, 16400, superuser, false, false, true, true, false, false, -1, Optional.empty(),
                StoredPassword.of(Scram.verifier(AGENT_PASSWORD, 4096).text()));
    }
}
