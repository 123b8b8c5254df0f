package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HbaExportTest {

    private static final Path FILE = Path.of("/etc/postgresql/16/main/pg_hba.conf");
    private static final HbaGrammar PG16 = new HbaGrammar(16, Set.of(), true);

    @Test
    void rulesKeepTheirCommentsAndNamesAsWritten() {
        HbaExport export = HbaExport.of(FILE, """
                # Database administrative login by Unix domain socket
                local   all             postgres                                peer

                # the application:
                #\tfrom the LAN only
                host    "my db"         app,"all",+"my group"   10.0.0.0 255.0.0.0      scram-sha-256
                hostssl all all 192.168.1.0/24 cert map=certs clientname="DN"   # "quoted" # twice
                # BEGIN pgstate managed block: the agent rewrites these lines from its spec; edit the spec instead
                local all all reject
                # END pgstate managed block
                # the end
                """, PG16);

        assertThat(export.hba()).isEqualTo(new HbaSpec(HbaSpec.WHOLE_FILE, null, List.of(
                HbaRuleSpec.builder("local", "peer").users(List.of("postgres"))
                        .comment("Database administrative login by Unix domain socket").build(),
                HbaRuleSpec.builder("host", "scram-sha-256").databases(List.of("\"my db\""))
                        .users(List.of("app", "\"all\"", "+my group")).address("10.0.0.0 255.0.0.0")
                        .comment("the application: from the LAN only").build(),
                HbaRuleSpec.builder("hostssl", "cert").address("192.168.1.0/24")
                        .options(Map.of("map", "certs", "clientname", "DN")).comment("\"quoted\" # twice").build(),
                HbaRuleSpec.builder("local", "reject").build()), null));
        assertThat(export.notExported()).containsExactly(FILE + ": 1 comment line not directly above a rule"
                + " (a spec keeps a comment only with its rule)");
    }

    @Test
    void includesAndRejectedLinesAreNamedNotDropped() {
        HbaExport export = HbaExport.of(FILE, """
                local all all peer
                include_dir conf.d
                host all all 10.0.0.0/8 md4
                """, PG16);

        assertThat(export.hba().rules()).containsExactly(HbaRuleSpec.builder("local", "peer").build());
        assertThat(export.notExported()).containsExactly(
                FILE + ":2: include_dir conf.d: a spec's rules cannot include files; the rules it includes are not"
                        + " exported, and applying the exported spec (whole-file) would remove the line",
                FILE + ":3: invalid authentication method \"md4\": the server rejects this line; it is not exported");
    }

    @Test
    void anUnreadableFileExportsNoSectionAndSaysWhy() {
        HbaExport export = HbaExport.unreadable("cannot read /x: Permission denied");

        assertThat(export.hba()).isNull();
        assertThat(export.notExported()).containsExactly("pg_hba.conf: cannot read /x: Permission denied");
    }
}
