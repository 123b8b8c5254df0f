package dev.pgstate.reconcilers.core.apply;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.kind.database.CreateDatabase;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import dev.pgstate.reconcilers.kind.database.DropDatabase;
import dev.pgstate.reconcilers.kind.membership.GrantMembership;
import dev.pgstate.reconcilers.kind.membership.RevokeMembership;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.reconcilers.kind.role.DropRole;
import dev.pgstate.reconcilers.kind.role.RoleAttribute;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.List;

class HostileNamesIT {

    private static final String INJECTION = "x\"; DROP ROLE postgres; --";
    private static final String UNICODE = "Zoë 'Q' Ünïcode";
    private static final String DATABASE = "Db \"quoted\"; DROP DATABASE postgres; --";

    @AcrossPgVersions
    void namesRoundTripExactly(PgCluster cluster) {
        List<Change> changes = List.of(
                new CreateRole(INJECTION, List.of(created(RoleAttribute.LOGIN, true))),
                new CreateRole(UNICODE, List.of()),
                new GrantMembership(UNICODE, INJECTION, List.of()),
                new CreateDatabase(DATABASE, List.of(created(DatabaseAttribute.OWNER, UNICODE))));

        ApplyResult result = ClusterConnections.applier(cluster).apply(changes);

        assertThat(result.applied()).containsExactlyElementsOf(changes);
        assertThat(Catalog.rows(cluster, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", DATABASE))
                .containsExactly(UNICODE);
        assertThat(Catalog.rows(cluster, "SELECT r.rolname FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid"
                + " JOIN pg_roles m ON m.oid = am.member WHERE m.rolname = ?", INJECTION)).containsExactly(UNICODE);
        assertThat(Catalog.roleExists(cluster, "postgres")).isTrue();

        var dropAll = List.<Change>of(new DropDatabase(DATABASE, false),
                new RevokeMembership(UNICODE, INJECTION, List.of("postgres")),
                new DropRole(INJECTION, null, List.of()), new DropRole(UNICODE, null, List.of()));

        assertThat(ClusterConnections.applier(cluster).apply(dropAll).succeeded()).isTrue();
        assertThat(Catalog.roleExists(cluster, INJECTION)).isFalse();
        assertThat(Catalog.rows(cluster, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)).isEmpty();
    }
}
