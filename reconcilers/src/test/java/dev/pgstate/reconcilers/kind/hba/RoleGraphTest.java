package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.kind.membership.GrantMembership;
import dev.pgstate.reconcilers.kind.membership.RevokeMembership;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.DropRole;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Membership as pg_hba.conf sees it, now and once a plan's changes are made. */
class RoleGraphTest {

    private final RoleGraph graph = new RoleGraph(Set.of("app", "staff", "alice"),
            Map.of("alice", Set.of("staff"), "staff", Set.of("app")));

    @Test
    void membershipIsDirectOrIndirectAndOfItself() {
        assertThat(graph.isMember("alice", "app")).isTrue();
        assertThat(graph.isMember("alice", "alice")).isTrue();
        assertThat(graph.isMember("app", "alice")).isFalse();
        assertThat(graph.isMember("bob", "bob")).as("a role that does not exist").isFalse();
    }

    @Test
    void aPlanThatChangesNoRoleOrGrantLeavesTheGraphAsItIs() {
        assertThat(graph.after(List.of())).isSameAs(graph);
    }

    @Test
    void rolesAndGrantsMadeOrRemovedByThePlanCountAfterIt() {
        RoleGraph after = graph.after(List.of(new CreateRole("bob", List.of()),
                new GrantMembership("staff", "bob", List.of()),
                new RevokeMembership("app", "staff", List.of(), List.of()),
                new DropRole("alice", null, List.of(), List.of())));

        assertThat(after.isMember("bob", "staff")).isTrue();
        assertThat(after.isMember("bob", "app")).isFalse();
        assertThat(after.isMember("alice", "alice")).isFalse();
        assertThat(graph.isMember("alice", "app")).as("the graph before is unchanged").isTrue();
    }
}
