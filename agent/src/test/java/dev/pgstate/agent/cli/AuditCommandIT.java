package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent audit} and the lint errors {@code plan} shows, through the command line on real servers. */
class AuditCommandIT {

    @AcrossPgVersions
    void auditNamesAHandMadeSuperuserAndExitsOne(PgCluster pg, @TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), "roles:\n  - {name: admin, superuser: true}\n");
        pg.execute("CREATE ROLE admin SUPERUSER");
        pg.execute("CREATE ROLE rogue LOGIN SUPERUSER");

        AgentRun run = agentOn(pg, "audit", "--spec", spec.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("error role-unexpected-superuser: role.rogue: role \"rogue\" is a superuser "
                + "the spec does not allow (allowed: admin)\n").doesNotContain("role.admin:");

        pg.execute("DROP ROLE rogue");
        AgentRun sarif = agentOn(pg, "audit", "--format", "sarif", "--spec", spec.toString());
        assertThat(new ObjectMapper().readTree(sarif.out()).at("/runs/0/results").toString())
                .doesNotContain("role-unexpected-superuser");
    }

    @AcrossPgVersions
    void planAndApplyShowThatTheIdentityBoxHostsslRuleCannotMatchWhileSslIsOff(PgCluster pg) throws Exception {
        AgentRun plan = agentOn(pg, "plan", "--spec", IdentityBoxIT.SPEC);

        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out()).startsWith("The spec breaks security rules (agent lint shows every finding; "
                + "lint.ignore silences one with a reason):\nerror hba-hostssl-without-ssl: "
                + IdentityBoxIT.SPEC + ":51 (hba.rules[2]): \"hostssl all all samenet scram-sha-256\" cannot match: "
                + "ssl is off\n");

        AgentRun json = agentOn(pg, "plan", "--format", "json", "--spec", IdentityBoxIT.SPEC);
        assertThat(new ObjectMapper().readTree(json.out()).get("changes_pending").asBoolean()).isTrue();
        assertThat(json.err()).contains("error hba-hostssl-without-ssl:");

        AgentRun apply = agentOn(pg, "apply", "--spec", IdentityBoxIT.SPEC);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).startsWith("The spec breaks security rules").contains("error hba-hostssl-without-ssl:");
    }
}
