package dev.pgstate.reconcilers.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.kind.database.DatabaseKind;
import dev.pgstate.reconcilers.kind.database.DropDatabase;
import dev.pgstate.reconcilers.kind.role.AlterRole;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.reconcilers.kind.hba.HbaRuleAttribute;
import dev.pgstate.reconcilers.kind.hba.RewriteHbaFile;
import dev.pgstate.reconcilers.kind.role.RoleKind;
import dev.pgstate.reconcilers.kind.setting.SettingKind;
import dev.pgstate.reconcilers.secret.DesiredPassword;
import dev.pgstate.reconcilers.secret.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whole expected output of both renderings of one plan, and of an empty one. */
class PlanRenderersTest {

    private static final Plan PLAN = new Plan(
            List.of(new CreateRole("idbox", List.of(AttributeChange.created(RoleAttribute.LOGIN, true),
                            AttributeChange.created(RoleAttribute.CONNECTION_LIMIT, 10))),
                    new AlterRole("admin", List.of(new AttributeChange<>(RoleAttribute.CREATEROLE, true, false)),
                            Set.of()),
                    new DropDatabase("scratch", false)),
            List.of(new ManualAction(DatabaseKind.address("idboxdb"), "encoding", "UTF8", "SQL_ASCII",
                    "PostgreSQL sets encoding only when a database is created")),
            List.of(RoleKind.address("legacy")));

    @Test
    void textShowsLegendBlocksFindingsAndSummary() {
        assertThat(new TextPlanRenderer().render(PLAN)).isEqualTo("""
                Symbols: + create, ~ alter, - drop, ! needs manual action

                pgstate will perform the following actions:

                  # role.idbox will be created
                  #   (the spec names it and the server does not have it)
                  + role.idbox {
                      + login            = true
                      + connection_limit = 10
                    }

                  # role.admin will be changed
                  #   (its attributes differ from the spec)
                  ~ role.admin {
                      ~ createrole = true -> false
                    }

                  # database.scratch will be dropped [destructive]
                  #   (the spec says state: absent)
                  - database.scratch

                Needs manual action (the agent will not do these):

                  ! database.idboxdb: encoding is "SQL_ASCII", the spec wants "UTF8"
                      PostgreSQL sets encoding only when a database is created

                Unmanaged (on the server, not in the spec; left alone):
                    role.legacy

                Plan: 1 to add, 1 to change, 1 to destroy; 1 unmanaged, 1 needs manual action.
                """);
    }

    @Test
    void anEmptyPlanSaysSoInWords() {
        assertThat(new TextPlanRenderer().render(new Plan(List.of(), List.of(), List.of()))).isEqualTo("""
                No changes. The server matches the spec.

                Plan: 0 to add, 0 to change, 0 to destroy; 0 unmanaged, 0 need manual action.
                """);
    }

    /** pg_hba.conf's rules show as an ordered list: inserted, removed and moved elements, each with its lines. */
    @Test
    void hbaRulesAreListElementsWithTheirLinesAsNotes() {
        Plan plan = new Plan(List.of(new RewriteHbaFile(Path.of("/etc/postgresql/16/main/pg_hba.conf"), "old",
                "new", List.of(new AttributeChange<>(new HbaRuleAttribute("local all postgres peer"), null, "line 3"),
                        new AttributeChange<>(new HbaRuleAttribute("host all all 10.0.0.0/8 scram-sha-256"), "line 9",
                                "line 4"),
                        new AttributeChange<>(new HbaRuleAttribute("host all all 0.0.0.0/0 trust"), "line 7", null)),
                List.of(), HbaGrammar.of(16))), List.of(), List.of());

        assertThat(new TextPlanRenderer().render(plan)).isEqualTo("""
                Symbols: ~ alter

                pgstate will perform the following actions:

                  # hba.rules will be changed [may-lock-out]
                  #   (/etc/postgresql/16/main/pg_hba.conf differs from the spec's rules)
                  ~ hba.rules [
                      + local all postgres peer                # new, line 3
                      ~ host all all 10.0.0.0/8 scram-sha-256  # moved from line 9 to line 4
                      - host all all 0.0.0.0/0 trust           # removed, was line 7
                    ]

                Plan: 0 to add, 1 to change, 0 to destroy; 0 unmanaged, 0 need manual action. Afterwards: reload.
                """);
    }

    /** The server does not match when something differs that only a person can change: the plan says so. */
    @Test
    void aPlanWithOnlyManualActionsDoesNotSayTheServerMatches() {
        Plan plan = new Plan(List.of(), List.of(new ManualAction(SettingKind.address("shared_buffers"), "value", "256MB",
                "128MB", "set on the server's command line, which overrides every configuration file")), List.of());

        assertThat(new TextPlanRenderer().render(plan)).isEqualTo("""
                Symbols: ! needs manual action

                No changes the agent can make; 1 needs manual action.

                Needs manual action (the agent will not do these):

                  ! setting.shared_buffers: value is "128MB", the spec wants "256MB"
                      set on the server's command line, which overrides every configuration file

                Plan: 0 to add, 0 to change, 0 to destroy; 0 unmanaged, 1 needs manual action.
                """);
    }

    /** A name any CREATEROLE user can give a role must not forge lines of the plan; JSON keeps it as it is. */
    @Test
    void controlCharactersInNamesAndValuesAreEscapedInTextAndKeptInJson() throws Exception {
        String forged = "z\n\nNo changes. The server matches the spec.\u001b[2K";
        Plan plan = new Plan(List.of(new DropDatabase(forged, false)),
                List.of(new ManualAction(DatabaseKind.address("db"), "lc_collate", "C", "x\ny", "chosen at creation")),
                List.of(RoleKind.address("u\r\n")));

        assertThat(new TextPlanRenderer().render(plan)).isEqualTo("""
                Symbols: - drop, ! needs manual action

                pgstate will perform the following actions:

                  # database."z\\n\\nNo changes. The server matches the spec.\\u001b[2K" will be dropped [destructive]
                  #   (the spec says state: absent)
                  - database."z\\n\\nNo changes. The server matches the spec.\\u001b[2K"

                Needs manual action (the agent will not do these):

                  ! database.db: lc_collate is "x\\ny", the spec wants "C"
                      chosen at creation

                Unmanaged (on the server, not in the spec; left alone):
                    role."u\\r\\n"

                Plan: 0 to add, 0 to change, 1 to destroy; 1 unmanaged, 1 needs manual action.
                """);
        JsonNode json = new ObjectMapper().readTree(new JsonPlanRenderer().render(plan));
        assertThat(json.at("/changes/0/names/0").asText()).isEqualTo(forged);
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new JsonPlanRenderer().render(PLAN));

        assertThat(json.get("format_version").asText()).isEqualTo("1");
        assertThat(json.get("changes_pending").asBoolean()).isTrue();
        JsonNode create = json.get("changes").get(0);
        assertThat(create.get("address").asText()).isEqualTo("role.idbox");
        assertThat(create.get("kind").asText()).isEqualTo("role");
        assertThat(create.get("action").asText()).isEqualTo("create");
        assertThat(create.get("names").get(0).asText()).isEqualTo("idbox");
        assertThat(create.get("attributes").get(1).toString())
                .isEqualTo("{\"name\":\"connection_limit\",\"before\":null,\"after\":10,\"sensitive\":false}");
        assertThat(json.get("changes").get(2).get("risks").toString()).isEqualTo("[\"destructive\"]");
        assertThat(json.get("manual_actions").get(0).get("found").asText()).isEqualTo("SQL_ASCII");
        assertThat(json.get("unmanaged").get(0).get("address").asText()).isEqualTo("role.legacy");
        assertThat(json.get("summary").toString())
                .isEqualTo("{\"add\":1,\"change\":1,\"destroy\":1,\"unmanaged\":1,\"manual_actions\":1}");
        assertThat(json.get("risks").toString()).isEqualTo("[\"destructive\"]");
        assertThat(json.get("effects").toString()).isEqualTo("[]");
    }

    @Test
    void aPasswordChangeShowsHowItDiffersButNeverTheValue() throws Exception {
        Secret secret = Secret.of("hunter2".toCharArray());
        Plan plan = new Plan(List.of(new AlterRole("idbox", List.of(new AttributeChange<>(RoleAttribute.PASSWORD,
                "stored as md5", new DesiredPassword.Plaintext(secret, 4096))), Set.of(Risk.TOUCHES_SECRET))),
                List.of(), List.of());

        assertThat(new TextPlanRenderer().render(plan)).contains("""
                  # role.idbox will be changed [touches-secret]
                  #   (its attributes differ from the spec; password: stored as md5)
                  ~ role.idbox {
                      ~ password = (sensitive) -> (sensitive)
                    }
                """).doesNotContain("hunter2");
        JsonNode json = new ObjectMapper().readTree(new JsonPlanRenderer().render(plan));
        assertThat(json.get("changes").get(0).get("attributes").get(0).toString())
                .isEqualTo("{\"name\":\"password\",\"before\":null,\"after\":null,\"sensitive\":true}");
        assertThat(json.get("risks").toString()).isEqualTo("[\"touches-secret\"]");
    }
}
