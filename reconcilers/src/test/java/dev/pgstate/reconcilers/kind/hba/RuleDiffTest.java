package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleDiffTest {

    private final HbaFileParser parser = new HbaFileParser(HbaGrammar.of(16), ConfFiles.disk());

    @Test
    void insertedRemovedAndMovedRulesCarryTheirLineNumbersAndShiftedRulesAreNotListed() {
        HbaFile before = parse("""
                # admins first
                local all postgres peer
                host all app 10.0.0.0/8 md5
                host all old 10.9.0.0/16 md5
                host all all 127.0.0.1/32 trust
                """);
        HbaFile after = parse("""
                # admins first
                host  all  all  127.0.0.1/32  trust
                local all postgres peer
                hostssl all app samenet scram-sha-256
                host all app 10.0.0.0/8 md5
                """);

        assertThat(RuleDiff.between(before, after, 16)).containsExactly(
                new RuleMove("host all all 127.0.0.1/32 trust", 5, 2),
                new RuleMove("hostssl all app samenet scram-sha-256", null, 4),
                new RuleMove("host all old 10.9.0.0/16 md5", 4, null));
    }

    @Test
    void theSameRulesInTheSameOrderAreNoDifference() {
        String text = "local all all trust\nhost all all all reject\n";
        assertThat(RuleDiff.between(parse(text), parse("# comment\n" + text), 16)).isEmpty();
    }

    private HbaFile parse(String text) {
        return parser.parse(Path.of("/tmp/pg_hba.conf"), text);
    }
}
