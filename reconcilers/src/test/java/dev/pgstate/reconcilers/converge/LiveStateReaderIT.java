package dev.pgstate.reconcilers.converge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.kind.database.LiveDatabase;
import dev.pgstate.reconcilers.kind.membership.LiveMembership;
import dev.pgstate.reconcilers.kind.role.LiveRole;
import dev.pgstate.reconcilers.kind.role.RoleDependency.Kind;
import dev.pgstate.reconcilers.kind.role.RoleDependency;
import dev.pgstate.reconcilers.kind.role.StoredPassword;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.reconcilers.kind.role.RoleState;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import dev.pgstate.reconcilers.kind.database.LiveDatabases;
import dev.pgstate.reconcilers.kind.membership.LiveMemberships;
import dev.pgstate.reconcilers.kind.role.LiveRoles;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class LiveStateReaderIT {

    private final LiveStateReader reader = new LiveStateReader();

    /** Reads as the superuser, in a session time zone far from UTC: expiry instants must not depend on it. */
    private LiveState read(PgCluster pg) throws SQLException {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'Pacific/Chatham'");
            return reader.read(c);
        }
    }

    @AcrossPgVersions
    void readsServerFacts(PgCluster pg) throws SQLException {
        ServerInfo server = read(pg).server();
        assertThat(server.major()).isEqualTo(pg.majorVersion());
        assertThat(server.currentUser()).isEqualTo("postgres");
        assertThat(server.bootstrapSuperuser()).isEqualTo("postgres");
    }

    @AcrossPgVersions
    void readsEveryRoleAttribute(PgCluster pg) throws SQLException {
        pg.execute("CREATE ROLE all_on SUPERUSER CREATEDB CREATEROLE NOINHERIT LOGIN REPLICATION BYPASSRLS"
                + " CONNECTION LIMIT 7 VALID UNTIL '2031-02-03 04:05:06.123456+00'");
        pg.execute("CREATE ROLE all_off");
        pg.execute("CREATE ROLE never VALID UNTIL 'infinity'");
        pg.execute("CREATE ROLE expired_forever VALID UNTIL '-infinity'");
        pg.execute("CREATE ROLE before_1970 VALID UNTIL '1969-12-31 23:59:59.5+00'");
        pg.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE with_scram PASSWORD 'x'");
        pg.execute("CREATE ROLE with_md5 PASSWORD 'md5" + "0123456789abcdef".repeat(2) + "'");

        LiveState live = read(pg);

        LiveRole allOn = roles(live).role("all_on").orElseThrow();
        assertThat(allOn).isEqualTo(new LiveRole("all_on", allOn.oid(), true, true, true, false, true, true, true, 7,
                Optional.of(Instant.parse("2031-02-03T04:05:06.123456Z")), StoredPassword.NONE));
        LiveRole allOff = roles(live).role("all_off").orElseThrow();
        assertThat(allOff).isEqualTo(new LiveRole("all_off", allOff.oid(), false, false, false, true, false, false,
                false, -1, Optional.empty(), StoredPassword.NONE));
        assertThat(allOff.isSystem()).isFalse();
        assertThat(roles(live).role("never").orElseThrow().validUntil()).isEmpty();
        assertThat(roles(live).role("expired_forever").orElseThrow().validUntil()).contains(Instant.MIN);
        assertThat(roles(live).role("before_1970").orElseThrow().validUntil()).contains(Instant.parse("1969-12-31T23:59:59.5Z"));
        assertThat(roles(live).role("postgres").orElseThrow().oid()).isEqualTo(10);
        assertThat(roles(live).role("pg_monitor").orElseThrow().isSystem()).isTrue();
        LiveRole withScram = roles(live).role("with_scram").orElseThrow();
        assertThat(withScram.password().form()).isEqualTo(StoredPassword.Form.SCRAM);
        assertThat(withScram.password().scram().orElseThrow().iterations()).isEqualTo(4096);
        assertThat(withScram.toString()).doesNotContain(pg.psql("SELECT rolpassword FROM pg_authid"
                + " WHERE rolname = 'with_scram'").substring(20, 40));
        assertThat(roles(live).role("with_md5").orElseThrow().password().form()).isEqualTo(StoredPassword.Form.MD5);
    }

    @AcrossPgVersions
    void readsMembershipOptions(PgCluster pg) throws SQLException {
        pg.execute("CREATE ROLE grp");
        pg.execute("CREATE ROLE member_a NOINHERIT");
        pg.execute("CREATE ROLE member_b");
        if (pg.majorVersion() >= 16) {
            pg.execute("GRANT grp TO member_a WITH INHERIT FALSE, SET FALSE, ADMIN TRUE");
        } else {
            pg.execute("GRANT grp TO member_a WITH ADMIN OPTION");
        }
        pg.execute("GRANT grp TO member_b");

        LiveState live = read(pg);

        // Before 16 there are no per-grant options: inherit is member_a's NOINHERIT, set is always possible.
        boolean set = pg.majorVersion() < 16;
        assertThat(memberships(live).grants("grp", "member_a"))
                .containsExactly(new LiveMembership("grp", "member_a", "postgres", true, false, set));
        assertThat(memberships(live).grants("grp", "member_b"))
                .containsExactly(new LiveMembership("grp", "member_b", "postgres", false, true, true));
    }

    @AcrossPgVersions
    void readsDatabases(PgCluster pg) throws SQLException {
        pg.execute("CREATE ROLE app_owner");
        pg.execute("CREATE DATABASE app OWNER app_owner CONNECTION LIMIT 3");
        pg.execute("CREATE DATABASE tpl IS_TEMPLATE true ALLOW_CONNECTIONS false");

        LiveState live = read(pg);

        assertThat(databases(live).get("app")).isEqualTo(
                new LiveDatabase("app", "app_owner", "UTF8", "C", "C", "libc", null, 3, true, false));
        assertThat(databases(live).get("tpl")).isEqualTo(
                new LiveDatabase("tpl", "postgres", "UTF8", "C", "C", "libc", null, -1, false, true));
        assertThat(databases(live).get("template0").allowConnections()).isFalse();
        assertThat(databases(live)).containsOnlyKeys("app", "tpl", "postgres", "template0", "template1");
    }

    @AcrossPgVersions
    void readsTheBuiltinLocaleProviderFrom17(PgCluster pg) throws SQLException {
        if (pg.majorVersion() < 17) {
            return;
        }
        pg.execute("CREATE DATABASE builtin_db TEMPLATE template0 LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8'");

        assertThat(databases(read(pg)).get("builtin_db")).isEqualTo(
                new LiveDatabase("builtin_db", "postgres", "UTF8", "C", "C", "builtin", "C.UTF-8", -1, true, false));
    }

    @AcrossPgVersions
    void readsWhatEachRoleOwnsInEveryDatabase(PgCluster pg) throws SQLException {
        pg.execute("CREATE ROLE heir");
        pg.execute("CREATE DATABASE appdb OWNER heir");
        pg.psql("appdb", "CREATE TABLE owned (a int); ALTER TABLE owned OWNER TO heir;"
                + " CREATE TABLE shared_t (a int, b int);"
                + " GRANT SELECT ON shared_t TO heir; GRANT UPDATE (a, b) ON shared_t TO heir;"
                + " ALTER TABLE shared_t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON shared_t TO heir USING (true)");

        List<RoleDependency> dependencies = roles(read(pg)).dependenciesOf("heir");

        // Ordered by role, database (shared last), deptype letter ('a' < 'o' < 'r'), catalog.
        assertThat(dependencies).containsExactly(
                new RoleDependency("heir", "appdb", Kind.PRIVILEGES, "pg_class", 1),
                new RoleDependency("heir", "appdb", Kind.OWNER, "pg_class", 1),
                new RoleDependency("heir", "appdb", Kind.POLICY, "pg_policy", 1),
                new RoleDependency("heir", null, Kind.OWNER, "pg_database", 1));
    }

    @AcrossPgVersions
    void usesOneQueryPerKindHoweverManyObjects(PgCluster pg) throws SQLException {
        pg.psql("postgres", "DO $$ BEGIN FOR i IN 1..50 LOOP EXECUTE format('CREATE ROLE r%s', i);"
                + " END LOOP; FOR i IN 2..50 LOOP EXECUTE format('GRANT r1 TO r%s', i); END LOOP; END $$");
        for (int i = 1; i <= 3; i++) {
            pg.execute("CREATE DATABASE db" + i + " OWNER r" + i);
        }

        try (Connection c = pg.connect("postgres")) {
            // the roles and grants read before are kept (RememberedRows): once they are these, a read asks the
            // server for a digest of them instead of their rows, still one query each
            reader.read(c);
            LiveState before = reader.read(c);
            StatementCounter counter = new StatementCounter(c);
            LiveState live = reader.read(counter.connection());

            assertThat(live).isEqualTo(before);
            assertThat(roles(live).byName()).hasSizeGreaterThan(50);
            assertThat(memberships(live).all()).hasSizeGreaterThanOrEqualTo(49);
            assertThat(counter.statementsCreated()).isEqualTo(5);
            assertThat(counter.executions()).isEqualTo(5);
        }
    }

    @AcrossPgVersions
    void readsTheSameAttributesWithoutSuperuser(PgCluster pg) throws SQLException {
        pg.execute("CREATE ROLE watcher LOGIN");
        pg.execute("CREATE ROLE some_role CREATEDB CONNECTION LIMIT 2 VALID UNTIL '2030-01-01 00:00:00.000001+00'");
        ConnectionSettings asWatcher = new ConnectionSettings("127.0.0.1", pg.port(), "watcher", "postgres", null,
                "disable", null, null, null, "pgstate-agent", null);

        LiveState asSuperuser = read(pg);
        LiveState unprivileged;
        try (Connection c = new Connector(asWatcher).connect()) {
            unprivileged = reader.read(c);
        }

        assertThat(unprivileged.server().currentUser()).isEqualTo("watcher");
        // the same roles, except that only a superuser can see the stored passwords
        assertThat(roles(unprivileged).byName().values()).allSatisfy(role ->
                assertThat(role.password()).isEqualTo(StoredPassword.UNREADABLE));
        assertThat(roles(unprivileged).byName()).isEqualTo(withoutPasswords(roles(asSuperuser).byName()));
        assertThat(memberships(unprivileged).all()).isEqualTo(memberships(asSuperuser).all());
        assertThat(databases(unprivileged)).isEqualTo(databases(asSuperuser));
    }

    private static Map<String, LiveRole> withoutPasswords(Map<String, LiveRole> roles) {
        Map<String, LiveRole> copies = new HashMap<>();
        roles.forEach((name, r) -> copies.put(name, new LiveRole(r.name(), r.oid(), r.superuser(), r.createdb(),
                r.createrole(), r.inherit(), r.login(), r.replication(), r.bypassrls(), r.connectionLimit(),
                r.validUntil())));
        return copies;
    }

    private static LiveRoles roles(LiveState live) {
        return RoleState.liveIn(live.kinds());
    }

    private static LiveMemberships memberships(LiveState live) {
        return MembershipState.liveIn(live.kinds());
    }

    private static Map<String, LiveDatabase> databases(LiveState live) {
        return LiveDatabases.byNameIn(live.kinds());
    }
}
