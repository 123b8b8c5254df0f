package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.MustKeepSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.ApplyListener;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

/**
 * Issue 14, item 4: a {@code reject} rule whose user is a regular expression with a POSIX class, in front of a
 * must_keep connection. Java's engine reads {@code [[:alpha:]]} as a set of five characters, so the lockout check
 * once missed the rule and the apply locked {@code admin} out; PostgreSQL's engine matches "admin".
 */
class HbaRegexLockoutIT {

    @AcrossPgVersions(since = 16)
    void aRejectRuleWithAPosixClassInFrontOfAMustKeepConnectionIsALockout(PgCluster cluster) throws Exception {
        cluster.execute("CREATE ROLE admin LOGIN");
        String original = Files.readString(cluster.hbaFile());
        HbaRuleSpec rejectAdmins = HbaRuleSpec.builder("host", "reject").databases(List.of("all"))
                .users(List.of("/^a[[:alpha:]]+n$")).address("127.0.0.1/32").options(Map.of()).build();
        Spec spec = Spec.builder()
                .hba(new HbaSpec(HbaSpec.MANAGED_BLOCK, "top", List.of(rejectAdmins),
                        List.of(new MustKeepSpec(false, "127.0.0.1", false, "admin", "postgres")))).build();

        assertThatThrownBy(() -> HbaApplyIT.converger(cluster).apply(spec, ApplyListener.NONE))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("hba.must_keep[0] (from 127.0.0.1 without SSL as user \"admin\" to database"
                        + " \"postgres\") would be locked out: line 2 (\"host all /^a[[:alpha:]]+n$ 127.0.0.1/32"
                        + " reject\") rejects it");
        assertThat(Files.readString(cluster.hbaFile())).isEqualTo(original);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port()
                + "/postgres?user=admin&sslmode=disable")) {
            assertThat(admin.isValid(5)).isTrue();
        }
    }
}
