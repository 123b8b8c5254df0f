package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.Warning;
import dev.pgstate.reconcilers.kind.membership.GrantMembership;
import dev.pgstate.reconcilers.kind.membership.RevokeMembership;
import dev.pgstate.reconcilers.kind.role.DropRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pg_hba.conf the agent cannot read leaves each revoke and drop unjudged, and the plan says so for each. */
class UnreadHbaTest {

    private static final String REASON = "cannot read /srv/pg/pg_hba.conf (the server's hba_file): No such file";

    @Test
    void eachRevokeAndDropIsNamedInAWarningWithWhyTheFileWasNotRead() {
        Findings findings = new Findings();
        RevokeMembership revoke = new RevokeMembership("agents", "admin", List.of());
        DropRole drop = new DropRole("old_group", null, List.of(), List.of());
        findings.changes.addAll(List.of(new GrantMembership("readers", "admin", List.of()), revoke, drop));

        new UnreadHba(REASON).plan(null, findings); // reads nothing from the context

        assertThat(findings.warnings).extracting(Warning::address).containsExactly(revoke.address(), drop.address());
        assertThat(findings.warnings.get(0).message()).contains(REASON, "revoking agents from admin", "+group",
                "not checked");
        assertThat(findings.warnings.get(1).message()).contains(REASON, "dropping role old_group");
        assertThat(findings.changes).hasSize(3);
    }

    @Test
    void aPlanWithoutRevokesOrDropsHasNothingToWarnAbout() {
        Findings findings = new Findings();
        findings.changes.add(new GrantMembership("readers", "admin", List.of()));

        new UnreadHba(REASON).plan(null, findings);

        assertThat(findings.warnings).isEmpty();
    }
}
