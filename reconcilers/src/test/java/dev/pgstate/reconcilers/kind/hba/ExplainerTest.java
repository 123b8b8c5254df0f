package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaClient.Replication;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The explain engine on real files, one test per way it used to disagree with the server (issue 14) and for
 * {@code @file} contents never reaching its output (issue 13). Host names resolve only to loopback here.
 */
class ExplainerTest {

    @TempDir
    Path dir;

    private static final RoleGraph ROLES = new RoleGraph(Set.of("alice", "bob", "staff", "admins"),
            Map.of("alice", Set.of("staff"), "staff", Set.of("admins")));

    private Explanation explain(int major, String text, HbaClient client) throws IOException {
        return explain(HbaGrammar.of(major), HostNames.system(), text, client);
    }

    private Explanation explain(HbaGrammar grammar, HostNames names, String text, HbaClient client) throws IOException {
        Path file = dir.resolve("pg_hba.conf");
        Files.writeString(file, text);
        return new Explainer(grammar, ROLES, HostInterfaces.ofThisBox(), names).explain(file, text, client);
    }

    /** The line number a verdict stops at: the match, or 0 for no match. */
    private static int matchedLine(Explanation explanation) {
        return explanation.verdict().orElseThrow().match().map(l -> l.line().number()).orElse(0);
    }

    private static HbaClient tcp(String user, String database) {
        return HbaClient.tcp("127.0.0.1", false, user, database);
    }

    @ParameterizedTest(name = "PostgreSQL {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "16|host all @missing.list 127.0.0.1/32 trust|could not open secondary authentication file \"@missing.list\"",
            "16|host all all 127.0.0.1/33 trust|invalid CIDR mask in address \"127.0.0.1/33\"",
            "16|host all all 127.0.0.1 trust|invalid IP mask \"trust\"",
            "16|host all all 127.0.0.1/32 peer|peer authentication is only supported on local sockets",
            "16|host all all 127.0.0.1/32 md4|invalid authentication method \"md4\"",
            "16|local all all 127.0.0.1/32 trust|invalid authentication method \"127.0.0.1/32\"",
            "16|host all all 127.0.0.1/32 md5 clientcert=verify-ca|clientcert can only be configured for \"hostssl\" rows",
            "16|include missing.conf|could not open file",
            "16|host /(bad all 127.0.0.1/32 trust|invalid regular expression",
            "15|include other.conf|invalid connection type \"include\"",
            "11|hostgssenc all all 127.0.0.1/32 trust|invalid connection type \"hostgssenc\"",
            "16|host all @empty.list 127.0.0.1/32 trust|",
    })
    void aFileTheServerWouldRefuseGetsNoVerdictButItsFatalLines(int major, String bad, String message) throws IOException {
        Files.writeString(dir.resolve("empty.list"), "# nobody\n");
        Explanation explanation = explain(major, "host all all 127.0.0.1/32 trust\n" + bad + "\n", tcp("alice", "db"));

        assertThat(explanation.refused()).isTrue();
        assertThat(explanation.verdict()).isEmpty();
        assertThat(explanation.fatal()).hasSize(1).first().satisfies(line -> {
            assertThat(line.line().number()).isEqualTo(2);
            assertThat(Explanation.message(line)).contains(message == null ? "" : message);
        });
    }

    @Test
    void aLineTheServerLoadsWithAWarningIsReportedBesideTheVerdict() throws IOException {
        Explanation explanation = explain(new HbaGrammar(16, Set.of(), false), HostNames.none(),
                "hostssl all all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 md5\n", HbaClient.tcp("127.0.0.1", true, "alice", "db"));

        assertThat(explanation.warnings()).extracting(Explanation::message)
                .containsExactly("hostssl record cannot match because SSL is disabled");
        assertThat(matchedLine(explanation)).isEqualTo(2);
    }

    @ParameterizedTest(name = "database {0}")
    @CsvSource({"sameuser", "samerole", "samegroup"})
    void sameKeywordsMatchByMeaningOnlyNeverADatabaseOfThatName(String keyword) throws IOException {
        String text = "host " + keyword + " all 127.0.0.1/32 reject\nhost \"" + keyword + "\" all 127.0.0.1/32 md5\n";

        assertThat(matchedLine(explain(16, text, tcp("bob", keyword)))).isEqualTo(2);
        // by meaning: bob's own database, or (samerole) a role bob is a member of
        assertThat(matchedLine(explain(16, text, tcp("bob", "bob")))).isEqualTo(1);
        assertThat(matchedLine(explain(16, text, tcp("alice", "admins")))).isEqualTo(keyword.equals("sameuser") ? 0 : 1);
    }

    @Test
    void groupsAndSameroleNeedBothRolesToExist() throws IOException {
        String text = "host samerole +ghost 127.0.0.1/32 md5\nhost samerole all 127.0.0.1/32 trust\n";

        assertThat(matchedLine(explain(16, text, tcp("ghost", "ghost")))).isZero();
        assertThat(matchedLine(explain(16, text, tcp("alice", "alice")))).isEqualTo(2);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @CsvSource({"15, 2", "16, 1", "18, 1"})
    void fromSixteenAQuotedSlashTokenIsARegexToo(int major, int line) throws IOException {
        String text = "host all \"/^al\" 127.0.0.1/32 md5\nhost all all 127.0.0.1/32 trust\n";

        assertThat(matchedLine(explain(major, text, tcp("alice", "db")))).isEqualTo(line);
        assertThat(matchedLine(explain(major, text, tcp("/^al", "db")))).isEqualTo(major >= 16 ? 2 : 1);
    }

    @Test
    void hostNamesAreLookedUpAsTheServerDoesCaseInsensitivelyWithSuffixes() throws IOException {
        String text = "host all all .example.com md5\nhost all all LOCALHOST reject\nhost all all all trust\n";

        Explanation explanation = explain(16, text, tcp("alice", "db"));
        assertThat(matchedLine(explanation)).isEqualTo(2);
        assertThat(explanation.verdict().orElseThrow().misses().get(0).why())
                .isEqualTo("the client's host name \"localhost\" is not \".example.com\"");
    }

    @Test
    void aHostNameThatCannotBeLookedUpIsUndecidedNeverAVerdict() throws IOException {
        String text = "host all bob localhost reject\nhost all all localhost reject\nhost all all all trust\n";

        Verdict verdict = explain(HbaGrammar.of(16), HostNames.none(), text, tcp("alice", "db")).verdict().orElseThrow();

        assertThat(verdict.decided()).isFalse();
        assertThat(verdict.match()).isEmpty();
        // line 1 misses on its user whatever the name: only line 2 is in doubt
        assertThat(verdict.misses()).extracting(m -> m.line().line().number()).containsExactly(1);
        assertThat(verdict.undecided().orElseThrow().line().line().number()).isEqualTo(2);
        assertThat(verdict.undecided().orElseThrow().why()).contains("not looked up (--no-resolve)");
    }

    @Test
    void physicalReplicationMatchesOnlyTheReplicationKeywordAndLogicalMatchesLikeAnyConnection() throws IOException {
        String text = "host all all 127.0.0.1/32 reject\nhost replication all 127.0.0.1/32 md5\n";
        HbaClient physical = tcp("alice", "").withReplication(Replication.PHYSICAL);
        HbaClient logical = tcp("alice", "replication").withReplication(Replication.DATABASE);

        assertThat(matchedLine(explain(16, text, physical))).isEqualTo(2);
        assertThat(matchedLine(explain(16, text, logical))).isEqualTo(1);
        assertThat(matchedLine(explain(16, "host replication all 127.0.0.1/32 md5\n", logical))).isZero();
    }

    @Test
    void gssEncryptedConnectionsMeetHostgssencAndSkipHostnogssenc() throws IOException {
        String text = "hostnogssenc all all 127.0.0.1/32 reject\nhostgssenc all all 127.0.0.1/32 md5\n";

        assertThat(matchedLine(explain(16, text, tcp("alice", "db").withGssenc()))).isEqualTo(2);
        assertThat(matchedLine(explain(16, text, tcp("alice", "db")))).isEqualTo(1);
    }

    @Test
    void anAtFileIsNamedNeverItsContents() throws IOException {
        Files.writeString(dir.resolve("secret.list"), "s3cr3t-name\n");
        String text = "host all @secret.list 127.0.0.1/32 md5\nhost all all 127.0.0.1/32 trust\n";

        Verdict verdict = explain(16, text, tcp("alice", "db")).verdict().orElseThrow();
        assertThat(verdict.misses().get(0).why()).isEqualTo("user \"alice\" is not among [@secret.list]");

        // an @file that expands to nothing shifts the columns: the user column is then read from the next one
        Files.writeString(dir.resolve("empty.list"), "");
        Verdict shifted = explain(16, "host @empty.list all @secret.list 127.0.0.1/32 md5\nhost all all all trust\n",
                tcp("alice", "db")).verdict().orElseThrow();
        assertThat(shifted.misses()).singleElement().extracting(Verdict.Miss::why).asString()
                .doesNotContain("s3cr3t").contains("not shown");

        Explanation refused = explain(16, "host all all 127.0.0.1/32 @secret.list\n", tcp("alice", "db"));
        assertThat(refused.fatal()).extracting(Explanation::message).singleElement().asString()
                .doesNotContain("s3cr3t").contains("@file");
    }

    @Test
    void theLockoutCheckRefusesAFileTheServerWouldRefuseAndAnUndecidedHostName() throws IOException {
        Explainer explainer = new Explainer(HbaGrammar.of(16), ROLES, HostInterfaces.ofThisBox(), HostNames.none());
        Path file = dir.resolve("pg_hba.conf");
        HbaTree current = explainer.load(file, "host all all 127.0.0.1/32 trust\n");
        List<Guarded> guarded = List.of(new Guarded("the agent's own connection", tcp("alice", "db")));
        LockoutCheck check = new LockoutCheck(explainer, file);

        assertThat(check.lockouts(current, explainer.load(file, "host all all 127.0.0.1/33 trust\n"), guarded))
                .singleElement().asString().startsWith("the server would refuse the new pg_hba.conf")
                .contains("1: invalid CIDR mask");
        assertThat(check.lockouts(current, explainer.load(file, "host all all localhost reject\nhost all all all trust\n"), guarded))
                .singleElement().asString().contains("may be locked out: line 1").contains("cannot be decided");
        assertThat(check.lockouts(current, explainer.load(file, "host all all all trust\n"), guarded)).isEmpty();
    }
}
