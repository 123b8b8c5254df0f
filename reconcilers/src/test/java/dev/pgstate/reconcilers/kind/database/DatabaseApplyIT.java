package dev.pgstate.reconcilers.kind.database;

import static dev.pgstate.reconcilers.core.plan.AttributeChange.created;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.apply.Catalog;
import dev.pgstate.reconcilers.core.apply.ClusterConnections;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.kind.database.DatabaseAttribute;
import dev.pgstate.reconcilers.kind.role.CreateRole;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.util.List;
import java.util.Set;

class DatabaseApplyIT {

    private static final String SETTINGS = "SELECT pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate,"
            + " datctype, datconnlimit, datallowconn, datistemplate FROM pg_database WHERE datname = 'appdb'";

    @AcrossPgVersions
    void createsAltersAndDropsATemplateDatabase(PgCluster cluster) {
        var owner = new CreateRole("dbo", List.of());
        // LATIN1 differs from the cluster's UTF8, which proves ENCODING and TEMPLATE template0 were both sent
        var create = new CreateDatabase("appdb", List.of(
                created(DatabaseAttribute.OWNER, "dbo"),
                created(DatabaseAttribute.TEMPLATE, "template0"),
                created(DatabaseAttribute.ENCODING, "LATIN1"),
                created(DatabaseAttribute.LOCALE, "C"),
                created(DatabaseAttribute.CONNECTION_LIMIT, 7),
                created(DatabaseAttribute.ALLOW_CONNECTIONS, true),
                created(DatabaseAttribute.IS_TEMPLATE, true)));

        ApplyResult created = ClusterConnections.applier(cluster).apply(List.of(owner, create));

        assertThat(created.applied()).containsExactly(owner, create);
        assertThat(Catalog.rows(cluster, SETTINGS)).containsExactly("dbo|LATIN1|C|C|7|t|t");

        var alter = new AlterDatabase("appdb", List.of(
                new AttributeChange<>(DatabaseAttribute.OWNER, "dbo", "postgres"),
                new AttributeChange<>(DatabaseAttribute.CONNECTION_LIMIT, 7, -1),
                new AttributeChange<>(DatabaseAttribute.ALLOW_CONNECTIONS, true, false)), Set.of());

        assertThat(ClusterConnections.applier(cluster).apply(List.of(alter)).succeeded()).isTrue();
        assertThat(Catalog.rows(cluster, SETTINGS)).containsExactly("postgres|LATIN1|C|C|-1|f|t");

        var drop = new DropDatabase("appdb", true);

        assertThat(ClusterConnections.applier(cluster).apply(List.of(drop)).applied()).containsExactly(drop);
        assertThat(Catalog.rows(cluster, SETTINGS)).isEmpty();
    }
}
