package dev.pgstate.reconcilers.kind.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.Catalog;
import dev.pgstate.reconcilers.core.apply.ClusterConnections;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.List;

class DropRoleIT {

    private static final List<RoleDependency> DEPENDENCIES = List.of(
            new RoleDependency("old", null, RoleDependency.Kind.OWNER, "pg_database", 1),
            new RoleDependency("old", "db_tables", RoleDependency.Kind.OWNER, "pg_class", 1),
            new RoleDependency("old", "db_privs", RoleDependency.Kind.PRIVILEGES, "pg_class", 1));

    private static void roleOwningATableADatabaseAndAPrivilege(PgCluster cluster) {
        cluster.execute("CREATE ROLE old LOGIN; CREATE ROLE heir");
        cluster.execute("CREATE DATABASE db_owned OWNER old");
        cluster.execute("CREATE DATABASE db_tables");
        cluster.execute("CREATE DATABASE db_privs");
        cluster.psql("db_tables", "CREATE TABLE t_owned (x int); ALTER TABLE t_owned OWNER TO old");
        cluster.psql("db_privs", "CREATE TABLE t_shared (x int); GRANT SELECT ON t_shared TO old");
    }

    @AcrossPgVersions
    void reassignsEverythingInEveryDatabaseThenDropsTheRole(PgCluster cluster) {
        roleOwningATableADatabaseAndAPrivilege(cluster);
        var drop = new DropRole("old", "heir", DEPENDENCIES);

        ApplyResult result = ClusterConnections.applier(cluster).apply(List.of(drop));

        assertThat(result.applied()).containsExactly(drop);
        assertThat(Catalog.roleExists(cluster, "old")).isFalse();
        assertThat(Catalog.rows(cluster, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'db_owned'"))
                .containsExactly("heir");
        assertThat(Catalog.rowsIn(cluster, "db_tables", "SELECT tableowner FROM pg_tables WHERE tablename = 't_owned'"))
                .containsExactly("heir");
        assertThat(Catalog.rowsIn(cluster, "db_privs", "SELECT relacl::text FROM pg_class WHERE relname = 't_shared'"))
                .singleElement().asString().doesNotContain("old=");
    }

    @AcrossPgVersions
    void withoutAnHeirTheServersDetailIsReported(PgCluster cluster) {
        roleOwningATableADatabaseAndAPrivilege(cluster);
        var drop = new DropRole("old", null, DEPENDENCIES);

        ApplyResult result = ClusterConnections.applier(cluster).apply(List.of(drop));

        assertThat(result.succeeded()).isFalse();
        ApplyResult.Failure failure = result.failure().orElseThrow();
        assertThat(failure.error().sqlState()).isEqualTo("2BP01");
        assertThat(failure.error().detail()).contains("owner of database db_owned");
        assertThat(failure.describe()).startsWith("role.old: role \"old\" cannot be dropped")
                .contains("DETAIL: ").contains("owner of database db_owned");
        assertThat(Catalog.roleExists(cluster, "old")).isTrue();
    }
}
