package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgBinaries;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * pg_hba.conf rules compared by what they mean on real servers: other spellings of the spec's rules are left alone,
 * rules already in the file are taken into the block rather than written twice, no empty block, names quoted as the
 * server needs, and ldap rules (whose scope the server fills in) on a build that has LDAP.
 */
class HbaMeaningIT {

    private static final String TCP_TRUST_AS_MASK = "host all all 127.0.0.1 255.255.255.255 trust\n";
    private static final HbaRuleSpec LOCAL_TRUST = HbaApplyIT.rule("local", "all", "trust", null);
    private static final HbaRuleSpec TCP_TRUST = HbaApplyIT.rule("host", "all", "trust", "127.0.0.1/32");
    private static final HbaRuleSpec APP = HbaRuleSpec.builder("host", "scram-sha-256").databases(List.of("app"))
            .users(List.of("app")).address("172.21.0.0/24").options(Map.of()).build();

    @AcrossPgVersions
    void aWholeFileHoldingTheSpecsRulesInOtherSpellingsIsNotRewritten(PgCluster pg) throws Exception {
        String file = "# the admin's\nlocal all all trust\n" + TCP_TRUST_AS_MASK
                + "host \"app\" app 172.21.0.0 255.255.255.0 scram-sha-256\n";
        writeAndReload(pg, file);

        Spec spec = spec(HbaSpec.WHOLE_FILE, List.of(LOCAL_TRUST, TCP_TRUST, APP));

        assertThat(converger(pg).plan(spec).changes()).isEmpty();
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
        assertThat(Files.readString(pg.hbaFile())).isEqualTo(file);
    }

    @AcrossPgVersions
    void aNewBlockAdoptsTheRulesTheFileHoldsAndAnEmptyListAddsNone(PgCluster pg) throws Exception {
        String file = "local all all trust\n" + TCP_TRUST_AS_MASK + "host app app 172.21.0.0 255.255.255.0 scram-sha-256\n";
        writeAndReload(pg, file);

        assertThat(converger(pg).plan(spec(HbaSpec.MANAGED_BLOCK, List.of())).changes()).isEmpty();

        Spec spec = spec(HbaSpec.MANAGED_BLOCK, List.of(LOCAL_TRUST, TCP_TRUST, APP));
        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(Files.readString(pg.hbaFile())).startsWith(HbaLayout.BEGIN).endsWith(HbaLayout.END + "\n");
        assertThat(pg.psql("SELECT count(*) FROM pg_hba_file_rules")).isEqualTo("3");
        assertThat(converger(pg).apply(spec, ApplyListener.NONE).outcome()).isEqualTo(ConvergeResult.Outcome.UNCHANGED);
    }

    @AcrossPgVersions
    void namesWithBlanksCommasAndQuotesAreQuotedAndReadBackByTheServer(PgCluster pg) throws Exception {
        HbaRuleSpec rule = HbaRuleSpec.builder("host", "reject").databases(List.of("my db", "a,b"))
                .users(List.of("it's \"q\"", "+my group")).address("10.9.0.0/16").options(Map.of()).build();
        Spec spec = spec(HbaSpec.MANAGED_BLOCK, List.of(LOCAL_TRUST, TCP_TRUST, rule));

        ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

        assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                .isEqualTo(ConvergeResult.Outcome.CONVERGED);
        assertThat(pg.psql("SELECT array_to_string(database, '|') || ' ' || array_to_string(user_name, '|')"
                + " FROM pg_hba_file_rules WHERE address = '10.9.0.0'")).isEqualTo("my db|a,b it's \"q\"|+my group");
        assertThat(converger(pg).plan(spec).changes()).isEmpty();
    }

    /**
     * The zonky builds have no LDAP, so this runs on a PostgreSQL installed on the machine (the Debian packages have
     * LDAP; .ci/run installs one): the server adds ldapscope=2 and takes ldapurl apart, and the rules still converge.
     */
    @Test
    void ldapRulesApplyAndPlanCleanOnABuildWithLdap() throws Exception {
        Optional<PgBinaries> withLdap = installedPostgres();
        Assumptions.assumeTrue(withLdap.isPresent(), "no PostgreSQL installed under /usr/lib/postgresql");
        try (PgCluster pg = PgCluster.start(withLdap.get())) {
            Spec spec = spec(HbaSpec.MANAGED_BLOCK, List.of(LOCAL_TRUST, TCP_TRUST,
                    ldap(Map.of("ldapserver", "ldap.example.com", "ldapprefix", "cn=", "ldapsuffix", ", dc=example, dc=net")),
                    ldap(Map.of("ldapurl", "ldap://ldap.example.net/dc=example,dc=net?uid?sub")),
                    ldap(Map.of("ldapserver", "ldap.example.com", "ldapbasedn", "dc=example, dc=net",
                            "ldapsearchattribute", "uid", "ldapport", "389", "ldaptls", "1"))));

            ConvergeResult result = converger(pg).apply(spec, ApplyListener.NONE);

            assertThat(result.outcome()).as(result.applied().failure().map(f -> f.describe()).orElse(""))
                    .isEqualTo(ConvergeResult.Outcome.CONVERGED);
            assertThat(pg.psql("SELECT count(*) FROM pg_hba_file_rules WHERE auth_method = 'ldap' AND error IS NULL"))
                    .isEqualTo("3");
            assertThat(converger(pg).plan(spec).changes()).isEmpty();
        }
    }

    private static Optional<PgBinaries> installedPostgres() throws Exception {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(root)) {
            return homes.sorted(Comparator.reverseOrder()).map(PgBinaries::installed).flatMap(Optional::stream).findFirst();
        }
    }

    private static HbaRuleSpec ldap(Map<String, String> options) {
        return HbaRuleSpec.builder("host", "ldap").databases(List.of("all")).users(List.of("all"))
                .address("10.0.0.0/8").options(options).build();
    }

    private static void writeAndReload(PgCluster pg, String text) throws Exception {
        Files.writeString(pg.hbaFile(), text);
        pg.serverUser().own(pg.hbaFile());
        String loaded = pg.psql("SELECT pg_conf_load_time()");
        pg.execute("SELECT pg_reload_conf()");
        for (int i = 0; i < 100 && pg.psql("SELECT pg_conf_load_time()").equals(loaded); i++) {
            Thread.sleep(50);
        }
    }

    private static Spec spec(String ownership, List<HbaRuleSpec> rules) {
        return Spec.builder().hba(new HbaSpec(ownership, "top", rules, List.of())).build();
    }

    private static Converger converger(PgCluster pg) {
        return HbaApplyIT.converger(pg);
    }
}
