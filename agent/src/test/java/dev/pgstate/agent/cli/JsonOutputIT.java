package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;

/** The documented JSON shapes of plan and apply, as a tool reading stdout sees them. */
class JsonOutputIT {

    private final ObjectMapper json = new ObjectMapper();

    @AcrossPgVersions
    void planAndApplySpeakTheDocumentedJson(PgCluster pg) throws IOException {
        AgentRun planRun = agentOn(pg, "plan", "--spec", IdentityBoxIT.SPEC, "--format", "json");
        assertThat(planRun.exitCode()).as(planRun.err()).isEqualTo(2);
        JsonNode plan = json.readTree(planRun.out());
        // the example's password_encryption is already the default from 14; on 11 it is one change, by a reload
        boolean encryptionChanges = pg.majorVersion() < 14;

        assertThat(plan.get("format_version").asText()).isEqualTo("1");
        assertThat(plan.get("changes")).hasSize(encryptionChanges ? 5 : 4);
        JsonNode admin = plan.get("changes").get(0);
        assertThat(admin.get("address").asText()).isEqualTo("role.admin");
        assertThat(admin.get("kind").asText()).isEqualTo("role");
        assertThat(admin.get("action").asText()).isEqualTo("create");
        assertThat(admin.get("risks").isArray()).isTrue();
        JsonNode createrole = admin.get("attributes").findParents("name").stream()
                .filter(a -> a.get("name").asText().equals("createrole")).findFirst().orElseThrow();
        assertThat(createrole.get("before").isNull()).isTrue();
        assertThat(createrole.get("after").asBoolean(true)).isFalse();
        assertThat(plan.get("changes").get(2).get("address").asText()).isEqualTo("database.idboxdb");
        JsonNode hba = plan.get("changes").get(encryptionChanges ? 4 : 3);
        assertThat(hba.get("address").asText()).isEqualTo("hba.rules");
        assertThat(hba.get("effect").asText()).isEqualTo("reload");
        assertThat(hba.get("attributes").get(0).toString())
                .isEqualTo("{\"name\":\"local all postgres peer\",\"before\":null,\"after\":\"line 3\",\"sensitive\":false}");
        assertThat(plan.get("summary").toString()).isEqualTo("{\"add\":3,\"change\":" + (encryptionChanges ? 2 : 1)
                + ",\"destroy\":0,\"unmanaged\":0,\"manual_actions\":0}");
        assertThat(plan.get("effects").toString()).isEqualTo("[\"reload\"]");
        assertThat(plan.get("warnings").toString()).isEqualTo("[]");

        AgentRun applyRun = agentOn(pg, "apply", "--spec", IdentityBoxIT.SPEC, "--format", "json");
        assertThat(applyRun.exitCode()).as(applyRun.err()).isZero();
        JsonNode apply = json.readTree(applyRun.out());
        assertThat(apply.get("plan").get("summary")).isEqualTo(plan.get("summary"));
        assertThat(apply.get("result").get("outcome").asText()).isEqualTo("converged");
        assertThat(apply.get("result").get("applied").toString())
                .isEqualTo("[\"role.admin\",\"role.idbox\",\"database.idboxdb\""
                        + (encryptionChanges ? ",\"setting.password_encryption\"" : "") + ",\"hba.rules\"]");
        assertThat(apply.get("result").get("effects").toString())
                .isEqualTo("{\"reloaded\":true,\"restarted\":false,\"awaiting_restart\":[]}");
        assertThat(apply.get("result").get("failure").isNull()).isTrue();

        AgentRun clean = agentOn(pg, "plan", "--spec", IdentityBoxIT.SPEC, "--format", "json");
        assertThat(clean.exitCode()).isZero();
        assertThat(json.readTree(clean.out()).get("changes")).isEmpty();
    }
}
