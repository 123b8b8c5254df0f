package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The layout refuses to write a file it would read back differently, whatever got past validation: a comment that
 * writes a rule of its own, block markers, a trailing backslash that swallows the next line.
 */
class HbaLayoutTest {

    private static final Path HBA = Path.of("/etc/postgresql/16/main/pg_hba.conf");
    private static final HbaFileParser PARSER = new HbaFileParser(HbaGrammar.of(16), ConfFiles.disk());
    private static final String LIVE = "# the admin's own rules\nlocal all postgres peer\n";

    private static String render(String ownership, String comment) {
        HbaSpec spec = new HbaSpec(ownership, "top", List.of(), List.of());
        HbaRuleSpec rule = HbaRuleSpec.builder("host", "scram-sha-256").databases(List.of("app"))
                .users(List.of("app")).address("10.0.0.0/8").options(Map.of()).comment(comment).build();
        SpecRules.Result rules = SpecRules.parse(List.of(rule, rule), PARSER, HBA);
        assertThat(rules.problems()).isEmpty();
        HbaFile live = PARSER.parse(HBA, LIVE);
        return HbaLayout.of(spec).render(PARSER, live, rules.rules());
    }

    @Test
    void writesCommentsAboveTheirRulesAndKeepsTheRestOfTheFile() {
        assertThat(render(HbaSpec.MANAGED_BLOCK, "the app's network")).isEqualTo(HbaLayout.BEGIN + "\n"
                + "# the app's network\nhost    app             app             10.0.0.0/8              scram-sha-256\n"
                + "# the app's network\nhost    app             app             10.0.0.0/8              scram-sha-256\n"
                + HbaLayout.END + "\n" + LIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello\nhost all all 0.0.0.0/0 trust",
        "hello\r\nhost all all 0.0.0.0/0 trust",
        "x\n# END pgstate managed block\nhost all all 0.0.0.0/0 trust\n# BEGIN pgstate managed block: x",
        "swallows the rule below on 16+ \\"})
    void refusesACommentThatReadsBackAsSomethingElse(String comment) {
        for (String ownership : List.of(HbaSpec.MANAGED_BLOCK, HbaSpec.WHOLE_FILE)) {
            assertThatThrownBy(() -> render(ownership, comment))
                    .isInstanceOf(HbaLayout.UnfaithfulText.class)
                    .hasMessageStartingWith(HBA + ": the text written for the spec's rules would be read back as ")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void refusesAnOptionValueThatDoesNotReadBackWhole() {
        HbaRuleSpec continued = HbaRuleSpec.builder("host", "ident").databases(List.of("all"))
                .users(List.of("all")).address("10.0.0.0/8").options(Map.of("map", "x\\")).build();
        assertThat(SpecRules.parse(List.of(continued), PARSER, HBA).problems()).containsExactly("hba.rules[0]: the "
                + "rule's line would be read back with options [map=x] (host all all 10.0.0.0/8 ident map=x\\)");

        HbaRuleSpec rule = HbaRuleSpec.builder("host", "ident").databases(List.of("all")).users(List.of("all"))
                .address("10.0.0.0/8").options(Map.of("map", "x\nhost all all 0.0.0.0/0 trust")).build();

        assertThat(SpecRules.parse(List.of(rule), PARSER, HBA).problems()).containsExactly("hba.rules[0]: the rule's line "
                + "would be read back as 2 lines (host all all 10.0.0.0/8 ident map=\"x\\nhost all all 0.0.0.0/0 trust\")");
    }

    private static final HbaRuleSpec APP_NET = HbaRuleSpec.builder("host", "scram-sha-256")
            .databases(List.of("app")).users(List.of("app")).address("172.21.0.0/24").options(Map.of()).build();
    private static final HbaRuleSpec LOCAL_PEER = HbaRuleSpec.builder("local", "peer").databases(List.of("all"))
            .users(List.of("postgres")).options(Map.of()).build();

    private static String render(String ownership, String position, String live, HbaRuleSpec... rules) {
        SpecRules.Result parsed = SpecRules.parse(List.of(rules), PARSER, HBA);
        assertThat(parsed.problems()).isEmpty();
        return new HbaLayout(ownership.equals(HbaSpec.WHOLE_FILE), position.equals("top"))
                .render(PARSER, PARSER.parse(HBA, live), parsed.rules());
    }

    /** Rules that mean the spec's, however spelt (mask, quotes, ident for peer, spacing): the file stays as it is. */
    @ParameterizedTest
    @ValueSource(strings = {
        "# BEGIN pgstate managed block: x\nlocal all postgres ident\nhost \"app\" app 172.21.0.0 255.255.255.0 scram-sha-256\n"
                + "# END pgstate managed block\nhost all all 0.0.0.0/0 reject\n",
        "local   all  postgres   peer\n# a comment\nhost app app 172.21.0.0/24 scram-sha-256\n"})
    void aFileWhoseRulesAlreadyMeanTheSpecsIsNotRewritten(String live) {
        String ownership = live.startsWith("#") ? HbaSpec.MANAGED_BLOCK : HbaSpec.WHOLE_FILE;

        assertThat(render(ownership, "top", live, LOCAL_PEER, APP_NET)).isEqualTo(live);
    }

    /**
     * A hostssl rule while ssl is off loads with a warning and is the spec's rule all the same: a whole file of such
     * rules, as export writes it, is left as it is.
     */
    @Test
    void aRuleLoadedWithAWarningStillMeansTheSpecs() {
        HbaFileParser sslOff = new HbaFileParser(new HbaGrammar(16, Set.of(), false), ConfFiles.disk());
        String live = "local all postgres peer\nhostssl all all 10.0.0.0/8 scram-sha-256\n";
        SpecRules.Result rules = SpecRules.parse(List.of(LOCAL_PEER, HbaRuleSpec.builder("hostssl", "scram-sha-256")
                .address("10.0.0.0/8").build()), sslOff, HBA);

        assertThat(new HbaLayout(true, true).render(sslOff, sslOff.parse(HBA, live), rules.rules())).isEqualTo(live);
    }

    @Test
    void anEmptyRuleListAddsNoBlock() {
        assertThat(render(HbaSpec.MANAGED_BLOCK, "top", LIVE)).isEqualTo(LIVE);
        assertThat(render(HbaSpec.MANAGED_BLOCK, "bottom", LIVE)).isEqualTo(LIVE);
    }

    /** At the top the block comes first, so a copy below it could never match: it moves into the block. */
    @Test
    void aNewBlockAtTheTopAdoptsTheRulesItHolds() {
        String live = "# admin\nlocal all postgres peer\nhost all all 10.0.0.0/8 md5\nhost app app 172.21.0.0 255.255.255.0 scram-sha-256\n";

        assertThat(render(HbaSpec.MANAGED_BLOCK, "top", live, LOCAL_PEER, APP_NET)).isEqualTo(HbaLayout.BEGIN + "\n"
                + "local   all             postgres        peer\n"
                + "host    app             app             172.21.0.0/24           scram-sha-256\n"
                + HbaLayout.END + "\n# admin\nhost all all 10.0.0.0/8 md5\n");
    }

    /** At the bottom an earlier copy would still come first: only the file's last rules, in the spec's order, move. */
    @Test
    void aNewBlockAtTheBottomAdoptsOnlyTheLastRules() {
        String last = "host all all 10.0.0.0/8 md5\nlocal all postgres peer\nhost app app 172.21.0.0/24 scram-sha-256\n";
        String notLast = "local all postgres peer\nhost app app 172.21.0.0/24 scram-sha-256\nhost all all 10.0.0.0/8 md5\n";
        String block = HbaLayout.BEGIN + "\nlocal   all             postgres        peer\n"
                + "host    app             app             172.21.0.0/24           scram-sha-256\n" + HbaLayout.END + "\n";

        assertThat(render(HbaSpec.MANAGED_BLOCK, "bottom", last, LOCAL_PEER, APP_NET))
                .isEqualTo("host all all 10.0.0.0/8 md5\n" + block);
        assertThat(render(HbaSpec.MANAGED_BLOCK, "bottom", notLast, LOCAL_PEER, APP_NET)).isEqualTo(notLast + block);
    }

    /** A name the spec gives plainly is quoted where pg_hba.conf needs it; a group's + stays outside the quotes. */
    @Test
    void namesWithBlanksCommasAndQuotesAreQuotedAsPgHbaConfNeeds() {
        HbaRuleSpec rule = HbaRuleSpec.builder("host", "scram-sha-256")
                .databases(List.of("my db", "it\"s", "\"all\"")).users(List.of("+my group", "a,b", "all"))
                .address("10.0.0.0/8").options(Map.of()).build();

        assertThat(render(HbaSpec.WHOLE_FILE, "top", "", rule)).endsWith(
                "host    \"my db\",\"it\"\"s\",\"all\" +\"my group\",\"a,b\",all 10.0.0.0/8              scram-sha-256\n");
    }
}
