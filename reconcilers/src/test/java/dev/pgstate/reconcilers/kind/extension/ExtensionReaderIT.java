package dev.pgstate.reconcilers.kind.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

class ExtensionReaderIT {

    @AcrossPgVersions
    void readsWhatTheServerOffersAndWhatEachDatabaseHas(PgCluster cluster) throws SQLException {
        cluster.execute("CREATE DATABASE with_ext");
        cluster.execute("CREATE DATABASE closed");
        cluster.execute("ALTER DATABASE closed ALLOW_CONNECTIONS false");
        cluster.psql("with_ext", "CREATE SCHEMA ext; CREATE EXTENSION hstore SCHEMA ext VERSION '1.4'");

        LiveExtensions live;
        try (Connection session = cluster.connect("postgres")) {
            live = ExtensionReader.read(session, cluster::connect, List.of("with_ext", "not_yet", "closed"),
                    List.of("hstore"));
        }

        // hstore 1.4 is the oldest script every major from 11 to 18 ships; 1.5 the first update of each
        assertThat(live.available("hstore").orElseThrow().versions()).contains("1.4", "1.5");
        assertThat(live.available("hstore").orElseThrow().defaultVersion()).isNotNull();
        assertThat(live.available("hstore").orElseThrow().updates("1.4", "1.5")).isTrue();
        assertThat(live.available("hstore").orElseThrow().updates("1.5", "1.4")).isFalse();
        assertThat(live.available("pg_trgm").orElseThrow().updates()).as("read only for those named").isEmpty();
        assertThat(live.available("no_such_extension")).isEmpty();
        assertThat(live.in("with_ext")).containsEntry("hstore", new LiveExtension("hstore", "1.4", "ext", true))
                .containsKey("plpgsql");
        assertThat(live.in("not_yet")).isEmpty();
        assertThat(live.installed()).containsKey("not_yet");
        assertThat(live.unreadable()).containsOnlyKeys("closed");
        assertThat(live.unreadable().get("closed")).contains("not currently accepting connections");
        assertThat(live.preloaded()).isNotNull().doesNotContain("pg_stat_statements");
    }
}
