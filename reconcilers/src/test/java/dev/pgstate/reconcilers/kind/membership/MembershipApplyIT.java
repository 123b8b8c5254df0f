package dev.pgstate.reconcilers.kind.membership;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.apply.Catalog;
import dev.pgstate.reconcilers.core.apply.ClusterConnections;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.kind.membership.MembershipOption;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.ArrayList;
import java.util.List;

class MembershipApplyIT {

    private static final String OPTIONS_16 = "SELECT g.rolname, admin_option, inherit_option, set_option"
            + " FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.grantor"
            + " WHERE roleid = 'grp'::regrole AND member = 'app'::regrole ORDER BY 1";
    private static final String OPTIONS_11 = "SELECT admin_option FROM pg_auth_members"
            + " WHERE roleid = 'grp'::regrole AND member = 'app'::regrole";

    @AcrossPgVersions
    void grantsAltersAndRevokesAMembership(PgCluster cluster) {
        boolean perGrant = cluster.majorVersion() >= 16;
        List<AttributeChange<MembershipOption>> options = new ArrayList<>(List.of(created(MembershipOption.ADMIN, true)));
        if (perGrant) {
            options.add(created(MembershipOption.INHERIT, false));
            options.add(created(MembershipOption.SET, false));
        }
        var grant = new GrantMembership("grp", "app", options);

        assertThat(ClusterConnections.applier(cluster).apply(List.of(
                new CreateRole("grp", List.of()), new CreateRole("app", List.of()), grant)).succeeded())
                .isTrue();
        assertThat(Catalog.rows(cluster, perGrant ? OPTIONS_16 : OPTIONS_11))
                .containsExactly(perGrant ? "postgres|t|f|f" : "t");

        List<AttributeChange<MembershipOption>> changed = new ArrayList<>(
                List.of(new AttributeChange<>(MembershipOption.ADMIN, true, false)));
        if (perGrant) {
            changed.add(new AttributeChange<>(MembershipOption.INHERIT, false, true));
            changed.add(new AttributeChange<>(MembershipOption.SET, false, true));
        }
        var alter = new AlterMembership("grp", "app", changed, List.of("postgres"));

        assertThat(ClusterConnections.applier(cluster).apply(List.of(alter)).succeeded()).isTrue();
        assertThat(Catalog.rows(cluster, perGrant ? OPTIONS_16 : OPTIONS_11))
                .containsExactly(perGrant ? "postgres|f|t|t" : "f");

        var revoke = new RevokeMembership("grp", "app", List.of("postgres"));

        assertThat(ClusterConnections.applier(cluster).apply(List.of(revoke)).succeeded()).isTrue();
        assertThat(Catalog.rows(cluster, OPTIONS_11)).isEmpty();
    }

    /** One grant row per grantor exists from PostgreSQL 16. */
    @AcrossPgVersions(since = 16)
    void from16AltersAndRevokesTheRowsOfEveryGrantor(PgCluster cluster) {
        cluster.execute("CREATE ROLE grp; CREATE ROLE app; CREATE ROLE lead;"
                + " GRANT grp TO lead WITH ADMIN TRUE; GRANT grp TO app WITH INHERIT TRUE;"
                + " GRANT grp TO app WITH INHERIT TRUE GRANTED BY lead");
        assertThat(Catalog.rows(cluster, OPTIONS_16)).containsExactly("lead|f|t|t", "postgres|f|t|t");

        var alter = new AlterMembership("grp", "app", List.of(
                new AttributeChange<>(MembershipOption.ADMIN, false, true),
                new AttributeChange<>(MembershipOption.SET, true, false)), List.of("postgres", "lead"));

        assertThat(ClusterConnections.applier(cluster).apply(List.of(alter)).succeeded()).isTrue();
        assertThat(Catalog.rows(cluster, OPTIONS_16)).containsExactly("lead|t|t|f", "postgres|t|t|f");

        var revoke = new RevokeMembership("grp", "app", List.of("postgres", "lead"));

        assertThat(ClusterConnections.applier(cluster).apply(List.of(revoke)).succeeded()).isTrue();
        assertThat(Catalog.rows(cluster, OPTIONS_16)).isEmpty();
    }
}
