package dev.pgstate.reconcilers.kind.role;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.Catalog;
import dev.pgstate.reconcilers.core.apply.ClusterConnections;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.List;
import java.util.Set;

class RoleApplyIT {

    private static final String ATTRIBUTES = "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolinherit,"
            + " rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil = ?::timestamptz FROM pg_authid"
            + " WHERE rolname = 'app'";

    @AcrossPgVersions
    void createsAndAltersEveryRoleAttribute(PgCluster cluster) {
        var create = new CreateRole("app", List.of(
                created(RoleAttribute.LOGIN, true),
                created(RoleAttribute.SUPERUSER, false),
                created(RoleAttribute.CREATEDB, true),
                created(RoleAttribute.CREATEROLE, true),
                created(RoleAttribute.INHERIT, false),
                created(RoleAttribute.REPLICATION, true),
                created(RoleAttribute.BYPASSRLS, true),
                created(RoleAttribute.CONNECTION_LIMIT, 5),
                created(RoleAttribute.VALID_UNTIL, "2027-01-31T00:00:00Z")));

        assertThat(ClusterConnections.applier(cluster).apply(List.of(create)).succeeded()).isTrue();
        assertThat(Catalog.rows(cluster, ATTRIBUTES, "2027-01-31T00:00:00Z")).containsExactly("t|f|t|t|f|t|t|5|t");

        var alter = new AlterRole("app", List.of(
                flip(RoleAttribute.LOGIN, true),
                flip(RoleAttribute.SUPERUSER, false),
                flip(RoleAttribute.CREATEDB, true),
                flip(RoleAttribute.CREATEROLE, true),
                flip(RoleAttribute.INHERIT, false),
                flip(RoleAttribute.REPLICATION, true),
                flip(RoleAttribute.BYPASSRLS, true),
                new AttributeChange<>(RoleAttribute.CONNECTION_LIMIT, 5, -1),
                new AttributeChange<>(RoleAttribute.VALID_UNTIL, "2027-01-31T00:00:00Z", "infinity")), Set.of());

        ApplyResult result = ClusterConnections.applier(cluster).apply(List.of(alter));

        assertThat(result.applied()).containsExactly(alter);
        assertThat(Catalog.rows(cluster, ATTRIBUTES, "infinity")).containsExactly("f|t|f|f|t|f|f|-1|t");
    }

    private static AttributeChange<RoleAttribute> flip(RoleAttribute attribute, boolean before) {
        return new AttributeChange<>(attribute, before, !before);
    }
}
