package dev.pgstate.reconcilers.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HbaFileParserTest {

    private static final Path HBA = Path.of("/etc/postgresql/16/main/pg_hba.conf");

    private static HbaFile parse(int major, String text) {
        return new HbaFileParser(HbaGrammar.of(major), files(Map.of())).parse(HBA, text);
    }

    private static HbaEntry only(int major, String line) {
        List<HbaLine> lines = parse(major, line + "\n").lines();
        assertThat(lines).hasSize(1);
        return lines.get(0).entry();
    }

    private static HbaRule rule(int major, String line) {
        HbaEntry entry = only(major, line);
        assertThat(entry).as(line).isInstanceOf(HbaRule.class);
        return (HbaRule) entry;
    }

    private static ConfFiles files(Map<Path, String> contents) {
        return InMemoryConfFiles.of(contents);
    }

    @Test
    void anyTextIsWrittenBackByteForByte() {
        String text = "# comment\r\n\n  local all postgres peer  # why\nhost \"a\"\"b\",db2 all 10.1/16 md5\tmap=x\n"
                + "bogus\nhost all all ::1 ffff:: trust\\\n  continued\nno newline at end";
        for (int major : new int[] {11, 14, 16, 18}) {
            assertThat(parse(major, text).text()).isEqualTo(text);
        }
    }

    @Test
    void quotingMakesLiteralNamesAndDoubledQuotesAreQuotes() {
        HbaRule rule = rule(16, "host \"all\",\"a\"\"b\",\"x y\",all \"+staff\",+staff 127.0.0.1/32 md5");

        assertThat(rule.databases()).containsExactly(new HbaToken("all", true), new HbaToken("a\"b", true),
                new HbaToken("x y", true), HbaToken.plain("all"));
        assertThat(rule.databases().get(0).isKeyword("all")).isFalse();
        assertThat(rule.users().get(0).isGroup()).isFalse();
        assertThat(rule.users().get(1).isGroup()).isTrue();
        assertThat(rule.databases().get(1).written()).isEqualTo("\"a\"\"b\"");
    }

    @Test
    void aSpaceAfterACommaContinuesTheListButASpaceBeforeItStartsANewField() {
        assertThat(rule(11, "local db1, db2 all trust").databases()).extracting(HbaToken::text).containsExactly("db1", "db2");
        assertThat(only(11, "local db1 ,db2 all trust")).isEqualTo(HbaEntry.Invalid.fatal("invalid authentication method \"all\""));
    }

    @Test
    void optionValuesMayBeQuoted() {
        HbaRule rule = rule(14, "host all all all radius radiusservers=\"127.0.0.1,::1\" radiussecrets=s");

        assertThat(rule.option("radiusservers")).isEqualTo("127.0.0.1,::1");
        assertThat(rule.options().get(0).written()).isEqualTo("radiusservers=\"127.0.0.1,::1\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.1/16|10.0.0.1|255.255.0.0",
            "0x7f.1/32|127.0.0.1|255.255.255.255",
            "192.168.1.0 255.255.255.0|192.168.1.0|255.255.255.0",
            "2001:0db8:0:0:0:0:0:1/64|2001:db8::1|ffff:ffff:ffff:ffff::",
            "::ffff:1.2.3.4/128|::ffff:1.2.3.4|ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe80::1%eth0/10|fe80::1|ffc0::",
            "1:0:0:2:0:0:0:3/128|1:0:0:2::3|ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
    void addressesAreReadAndPrintedAsTheServerDoes(String written, String address, String netmask) {
        HbaAddress parsed = rule(16, "host all all " + written + " md5").address();

        assertThat(parsed.viewAddress()).isEqualTo(address);
        assertThat(parsed.viewNetmask()).isEqualTo(netmask);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "host all all 10.0.0.0/33 md5|invalid CIDR mask in address \"10.0.0.0/33\"",
            "host all all 10.0.0.0 md5|invalid IP mask \"md5\"",
            "host all all db.example.com/24 md5|specifying both host name and CIDR mask is invalid: \"db.example.com/24\"",
            "local all all 127.0.0.1/32 md5|invalid authentication method \"127.0.0.1/32\"",
            "host all all all peer|peer authentication is only supported on local sockets",
            "host all all all cert|cert authentication is only supported on hostssl connections",
            "host all all all md5 map=m|authentication option \"map\" is only valid for authentication methods ident, peer, gssapi, sspi, and cert",
            "host all all all md5 clientcert=verify-ca|clientcert can only be configured for \"hostssl\" rows",
            "HOST all all all md5|invalid connection type \"HOST\"",
            "host all all all md5 foo|authentication option not in name=value format: foo"})
    void invalidLinesCarryTheServersMessage(String line, String message) {
        assertThat(only(14, line)).isEqualTo(HbaEntry.Invalid.fatal(message));
    }

    @Test
    void invalidLinesAreReportedWithFileAndLine() {
        HbaFile file = parse(16, "# header\nlocal all all trust\nhost all all 10.0.0.0/33 md5\n");

        assertThat(file.invalidLines()).extracting(file::describe)
                .containsExactly(HBA + ":3: invalid CIDR mask in address \"10.0.0.0/33\"");
    }

    @Test
    void backslashContinuesALineFrom14AndIsAPlainCharacterBefore() {
        String text = "local all all \\\n  trust\nhost all all all md5\n";

        assertThat(parse(14, text).lines()).extracting(HbaLine::number).containsExactly(1, 3);
        assertThat(parse(14, text).lines().get(0).entry()).isInstanceOf(HbaRule.class);
        assertThat(parse(11, text).lines().get(0).entry()).isEqualTo(HbaEntry.Invalid.fatal("invalid authentication method \"\\\""));
    }

    @Test
    void regularExpressionsExistFrom16EvenQuoted() {
        assertThat(only(15, "local /(bad all trust")).isInstanceOf(HbaRule.class);
        String unbalanced = "invalid regular expression \"(bad\": parentheses () not balanced";
        assertThat(only(16, "local /(bad all trust")).isEqualTo(HbaEntry.Invalid.fatal(unbalanced));
        // the server compiles every token starting with a slash, quoted or not (regcomp_auth_token, 16 and 18)
        assertThat(only(16, "local \"/(bad\" all trust")).isEqualTo(HbaEntry.Invalid.fatal(unbalanced));
        assertThat(only(15, "local \"/(bad\" all trust")).isInstanceOf(HbaRule.class);
        assertThat(only(16, "local all /^a[[:alpha:]]+n$ trust")).isInstanceOf(HbaRule.class);
    }

    /** The server accepts it, but the agent could only guess who it matches: fatal for the agent, saying why. */
    @Test
    void aRegularExpressionTheAgentCannotEvaluateExactlyIsFatal() {
        assertThat(only(16, "local all /(a)*\\1 trust")).isEqualTo(HbaEntry.Invalid.fatal("regular expression"
                + " \"(a)*\\1\" cannot be evaluated exactly: pgstate does not evaluate a back reference (\\1) to a"
                + " group that might not take part in the match (see README, regular expressions)"));
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 14, 15})
    void includeIsAConnectionTypeBefore16(int major) {
        assertThat(only(major, "include other.conf")).isEqualTo(HbaEntry.Invalid.fatal("invalid connection type \"include\""));
    }

    @Test
    void includeDirectivesFrom16() {
        assertThat(only(16, "include_if_exists extra.conf"))
                .isEqualTo(new HbaEntry.Include(HbaEntry.Include.Kind.INCLUDE_IF_EXISTS, "extra.conf"));
    }

    @Test
    void fileReferencesExpandRelativeToTheReferencingFile() {
        Path list = HBA.resolveSibling("admins.list");
        HbaFile file = new HbaFileParser(HbaGrammar.of(16), files(Map.of(list, "alice, \"Bob Smith\"\n+ops\n")))
                .parse(HBA, "local all @admins.list peer\nlocal all @missing.list peer\n");

        HbaRule rule = (HbaRule) file.lines().get(0).entry();
        assertThat(rule.users()).containsExactly(HbaToken.plain("@admins.list"));
        assertThat(rule.userNames()).containsExactly(HbaToken.plain("alice"), new HbaToken("Bob Smith", true), HbaToken.plain("+ops"));
        assertThat(file.lines().get(1).isFatal()).isTrue();
    }

    @Test
    void gssEncryptionTypesExistFrom12AndOauthFrom18() {
        assertThat(only(11, "hostgssenc all all all md5")).isEqualTo(HbaEntry.Invalid.fatal("invalid connection type \"hostgssenc\""));
        assertThat(only(14, "hostgssenc all all all md5")).isInstanceOf(HbaRule.class);
        assertThat(only(16, "host all all all oauth issuer=x")).isEqualTo(HbaEntry.Invalid.fatal("invalid authentication method \"oauth\""));
        assertThat(only(18, "host all all all oauth issuer=x")).isInstanceOf(HbaRule.class);
    }

    @Test
    void identOnALocalRuleIsPeer() {
        assertThat(rule(11, "local all all ident map=m").effectiveMethod()).isEqualTo("peer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host \"all\",\"a\"\"b\",db2 \"x y\",+staff 10.1/16 ident map=\"with space\"",
            "hostssl all all ::1 ffff:ffff:: cert clientcert=verify-full", "local sameuser all peer map=m"})
    void aWrittenRuleReadsBackAsTheSameRule(String line) {
        HbaRule rule = rule(16, line);

        assertThat(rule(16, rule.written())).isEqualTo(rule);
    }
}
