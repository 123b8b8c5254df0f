package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.UnmanagedPolicy;
import dev.pgstate.model.spec.UnmanagedSpec;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The unmanaged policy in the planner: what is listed, what is drift, what drop: true adds. No server. */
class UnmanagedPolicyTest {

    private static final ServerInfo SERVER = new ServerInfo(160000, "agent", "postgres");
    private static final LiveState LIVE = LiveStates.of(SERVER,
            Map.of("postgres", role("postgres", 10, true), "agent", role("agent", 16400, true),
                    "rogue", role("rogue", 16401, true), "app", role("app", 16402, false),
                    "admin", role("admin", 16403, true)),
            List.of(),
            Map.of("postgres", database("postgres", false), "appdb", database("appdb", false),
                    "tpl", database("tpl", true)),
            List.of());

    @Test
    void withoutAPolicyEveryUnmanagedObjectIsReportedAndNoneIsDrift() {
        Plan plan = new Planner().plan(spec(UnmanagedSpec.DEFAULT), LIVE);

        assertThat(plan.unmanaged()).containsExactly(RoleKind.address("agent"), RoleKind.address("app"),
                RoleKind.address("rogue"), DatabaseKind.address("appdb"), DatabaseKind.address("tpl"));
        assertThat(plan.drift()).isEmpty();
        assertThat(plan.hasChanges()).isFalse();
    }

    @Test
    void superusersAsDriftLeaveOtherRolesReportedAndIgnoreHidesDatabases() {
        Plan plan = new Planner().plan(spec(new UnmanagedSpec(UnmanagedPolicy.REPORT, UnmanagedPolicy.DRIFT,
                UnmanagedPolicy.IGNORE, false, null)), LIVE);

        assertThat(plan.unmanaged()).containsExactly(RoleKind.address("agent"), RoleKind.address("app"), RoleKind.address("rogue"));
        assertThat(plan.drift()).containsExactly(new UnmanagedObject(RoleKind.address("agent"), true, true),
                new UnmanagedObject(RoleKind.address("rogue"), true, true));
        assertThat(plan.hasChanges()).isFalse();
    }

    @Test
    void dropRemovesDriftButNeverTheAgentsOwnRoleNorATemplate() {
        Plan plan = new Planner().plan(spec(new UnmanagedSpec(UnmanagedPolicy.REPORT, UnmanagedPolicy.DRIFT,
                UnmanagedPolicy.DRIFT, true, null)), LIVE);

        assertThat(plan.changes()).extracting(Change::address)
                .containsExactlyInAnyOrder(RoleKind.address("rogue"), DatabaseKind.address("appdb"));
        assertThat(plan.changes()).allMatch(change -> change.action() == Action.DROP);
        assertThat(plan.unmanaged()).containsExactly(RoleKind.address("agent"), RoleKind.address("app"),
                DatabaseKind.address("tpl"));
    }

    private static Spec spec(UnmanagedSpec policy) {
        return Spec.builder().roles(RoleSpec.named("admin")).unmanaged(policy).build();
    }

    private static LiveRole role(String name, long oid, boolean superuser) {
        return new LiveRole(name, oid, superuser, false, false, true, true, false, false, -1, Optional.empty());
    }

    private static LiveDatabase database(String name, boolean template) {
        return new LiveDatabase(name, "postgres", "UTF8", "C", "C", "libc", null, -1, true, template);
    }
}
