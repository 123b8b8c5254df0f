package dev.pgstate.reconcilers.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Rows kept between reads on real servers: given again while the server's digest matches, read again on any change. */
class RememberedRowsIT {

    private static final String SQL = "SELECT rolname::text AS name, rolpassword AS stored, rolcreatedb"
            + " FROM pg_catalog.pg_authid WHERE rolname LIKE 'kept\\_%' ORDER BY rolname";

    private final RememberedRows<String> remembered = new RememberedRows<>();
    private final AtomicInteger mapped = new AtomicInteger();

    @AcrossPgVersions
    void theSameRowsAreGivenAgainAndAnyChangeIsReadAgain(PgCluster pg) throws Exception {
        pg.execute("CREATE ROLE kept_a PASSWORD 'first'; CREATE ROLE kept_b");
        List<String> first = read(pg);
        List<String> second = read(pg);
        assertThat(second).isEqualTo(first).containsExactly("kept_a true false", "kept_b false false");
        assertThat(mapped).as("the first read asks no digest, the second keeps one").hasValue(4);

        assertThat(read(pg)).isSameAs(second);
        assertThat(mapped).hasValue(4);

        pg.execute("ALTER ROLE kept_b CREATEDB");
        assertThat(read(pg)).containsExactly("kept_a true false", "kept_b false true");
        pg.execute("ALTER ROLE kept_a PASSWORD 'second'");
        List<String> rotated = read(pg);
        assertThat(rotated).containsExactly("kept_a true false", "kept_b false true");
        assertThat(mapped).as("a new verifier is another row").hasValue(8);
        assertThat(read(pg)).isSameAs(rotated);

        pg.execute("DROP ROLE kept_a; DROP ROLE kept_b");
        assertThat(read(pg)).isEmpty();
        assertThat(read(pg)).as("no row, no digest: read again").isEmpty();
    }

    private List<String> read(PgCluster pg) throws Exception {
        try (Connection connection = pg.connect("postgres")) {
            return remembered.read(connection, SQL, rs -> {
                mapped.incrementAndGet();
                return rs.getString("name") + " " + (rs.getString("stored") != null) + " " + rs.getBoolean("rolcreatedb");
            });
        }
    }
}
