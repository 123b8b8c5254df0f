package dev.pgstate.reconcilers.kind.membership;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.sql.Servers;
import dev.pgstate.reconcilers.kind.membership.MembershipOption;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipStatementsTest {

    private static List<String> sql(ServerInfo server, Change change) {
        return change.statements(server);
    }

    private static AttributeChange<MembershipOption> turned(MembershipOption option, boolean after) {
        return new AttributeChange<>(option, !after, after);
    }

    @Test
    void grantWithoutOptionsIsPlainOnEveryVersion() {
        var grant = new GrantMembership("grp", "app", List.of());

        assertThat(sql(Servers.PG11, grant)).containsExactly("GRANT \"grp\" TO \"app\"");
        assertThat(sql(Servers.PG16, grant)).containsExactly("GRANT \"grp\" TO \"app\"");
    }

    @Test
    void grantUpTo15KnowsOnlyAdminOption() {
        var admin = new GrantMembership("grp", "app", List.of(created(MembershipOption.ADMIN, true)));
        var noAdmin = new GrantMembership("grp", "app", List.of(created(MembershipOption.ADMIN, false)));

        assertThat(sql(Servers.PG15, admin)).containsExactly("GRANT \"grp\" TO \"app\" WITH ADMIN OPTION");
        assertThat(sql(Servers.PG11, noAdmin)).containsExactly("GRANT \"grp\" TO \"app\"");
    }

    @Test
    void grantUpTo15RefusesPerGrantOptions() {
        var inherit = new GrantMembership("grp", "app", List.of(created(MembershipOption.INHERIT, true)));

        assertThatThrownBy(() -> sql(Servers.PG15, inherit))
                .hasMessage("the inherit option of a membership exists only from PostgreSQL 16");
    }

    @Test
    void grantFrom16NamesEachGivenOptionAndSkipsUnsetOnes() {
        var grant = new GrantMembership("grp", "app", List.of(
                created(MembershipOption.ADMIN, true),
                created(MembershipOption.INHERIT, false),
                created(MembershipOption.SET, null)));

        assertThat(sql(Servers.PG16, grant)).containsExactly("GRANT \"grp\" TO \"app\" WITH ADMIN TRUE, INHERIT FALSE");
        assertThat(sql(Servers.PG18, grant)).containsExactly("GRANT \"grp\" TO \"app\" WITH ADMIN TRUE, INHERIT FALSE");
    }

    @Test
    void alterFrom16GrantsAndRevokesOnEveryGrantorRow() {
        var alter = new AlterMembership("grp", "app", List.of(
                turned(MembershipOption.ADMIN, true),
                turned(MembershipOption.INHERIT, false),
                turned(MembershipOption.SET, false)), List.of("postgres", "lead"));

        assertThat(sql(Servers.PG16, alter)).containsExactly(
                "GRANT \"grp\" TO \"app\" WITH ADMIN TRUE GRANTED BY \"postgres\"",
                "REVOKE INHERIT OPTION FOR \"grp\" FROM \"app\" GRANTED BY \"postgres\"",
                "REVOKE SET OPTION FOR \"grp\" FROM \"app\" GRANTED BY \"postgres\"",
                "GRANT \"grp\" TO \"app\" WITH ADMIN TRUE GRANTED BY \"lead\"",
                "REVOKE INHERIT OPTION FOR \"grp\" FROM \"app\" GRANTED BY \"lead\"",
                "REVOKE SET OPTION FOR \"grp\" FROM \"app\" GRANTED BY \"lead\"");
    }

    @Test
    void alterUpTo15TogglesAdminWithoutGrantor() {
        var on = new AlterMembership("grp", "app", List.of(turned(MembershipOption.ADMIN, true)),
                List.of("postgres"));
        var off = new AlterMembership("grp", "app", List.of(turned(MembershipOption.ADMIN, false)),
                List.of("postgres"));

        assertThat(sql(Servers.PG15, on)).containsExactly("GRANT \"grp\" TO \"app\" WITH ADMIN OPTION");
        assertThat(sql(Servers.PG11, off)).containsExactly("REVOKE ADMIN OPTION FOR \"grp\" FROM \"app\"");
    }

    @Test
    void alterUpTo15RefusesTurningOffPerGrantOptions() {
        var off = new AlterMembership("grp", "app", List.of(turned(MembershipOption.SET, false)), List.of());

        assertThatThrownBy(() -> sql(Servers.PG11, off))
                .hasMessage("the set option of a membership exists only from PostgreSQL 16");
    }

    @Test
    void revokeFrom16RemovesEachGrantorRow() {
        var revoke = new RevokeMembership("grp", "app", List.of("postgres", "lead"));

        assertThat(sql(Servers.PG16, revoke)).containsExactly(
                "REVOKE \"grp\" FROM \"app\" GRANTED BY \"postgres\"",
                "REVOKE \"grp\" FROM \"app\" GRANTED BY \"lead\"");
    }

    @Test
    void revokeUpTo15IsOnePlainRevoke() {
        // up to 15 there is one row per (role, member), and REVOKE … GRANTED BY accepts only the current role (14, 15)
        var revoke = new RevokeMembership("grp", "app", List.of("postgres"));

        assertThat(sql(Servers.PG15, revoke)).containsExactly("REVOKE \"grp\" FROM \"app\"");
        assertThat(sql(Servers.PG11, revoke)).containsExactly("REVOKE \"grp\" FROM \"app\"");
    }

    @Test
    void revokeWithoutKnownGrantorsIsPlain() {
        assertThat(sql(Servers.PG16, new RevokeMembership("grp", "app", List.of())))
                .containsExactly("REVOKE \"grp\" FROM \"app\"");
    }

    @Test
    void hostileNamesStayQuoted() {
        String hostile = "x\"; DROP ROLE postgres; --";
        var revoke = new RevokeMembership(hostile, "Zoë Q", List.of(hostile));

        assertThat(sql(Servers.PG16, revoke)).containsExactly("REVOKE \"x\"\"; DROP ROLE postgres; --\""
                + " FROM \"Zoë Q\" GRANTED BY \"x\"\"; DROP ROLE postgres; --\"");
    }
}
