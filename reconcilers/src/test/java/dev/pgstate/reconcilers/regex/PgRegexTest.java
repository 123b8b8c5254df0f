package dev.pgstate.reconcilers.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case or more per construct of PostgreSQL's ARE flavour, with the server's answers (the same answers the
 * differential test gets from real servers 16 and 18 for {@code name ~ pattern COLLATE "C"}).
 */
class PgRegexTest {

    static Stream<Arguments> answers() {
        return Stream.of(
                // The pattern: a POSIX class, which Java's engine reads as a set of five characters.
                match("^a[[:alpha:]]+n$", "admin", true),
                match("^a[[:alpha:]]+n$", "a1n", false),
                // POSIX classes, ASCII only under the C collation
                match("^[[:digit:]]+$", "0129", true),
                match("^[[:alnum:]]+$", "ab12", true),
                match("^[[:alnum:]]+$", "a_b", false),
                match("^[[:upper:]]", "Ab", true),
                match("^[[:upper:]]", "ab", false),
                match("^[[:lower:]]$", "q", true),
                match("^[[:space:]]$", "\t", true),
                match("^[[:space:]]$", "\u00a0", false),
                match("^[[:punct:]]$", "!", true),
                match("^[[:punct:]]$", "a", false),
                match("^[[:xdigit:]]+$", "0fA", true),
                match("^[[:xdigit:]]+$", "g", false),
                match("^[[:word:]]+$", "a_1", true),
                match("^[[:word:]]+$", "a-1", false),
                match("^[[:blank:]]$", " ", true),
                match("^[[:cntrl:]]$", "\u0085", true),
                match("^[[:print:]]$", "~", true),
                match("^[[:graph:]]$", " ", false),
                match("^[[:ascii:]]$", "\u00e9", false),
                match("[[:alpha:]]", "\u00e9", false),
                match("(?i)^[[:upper:]]$", "a", true),
                // bracket expressions: ] first, - first or last, backslash escapes inside, negation
                match("^[]a]$", "]", true),
                match("^[^]a]$", "]", false),
                match("^[^]a]$", "b", true),
                match("^[a-]$", "-", true),
                match("^[-a]$", "-", true),
                match("^[\\]]$", "]", true),
                match("^[\\d]$", "5", true),
                match("^[a\\-z]$", "-", true),
                match("^[a\\-z]$", "b", false),
                match("^[\\W]$", "-", true),
                match("^[a-c]$", "b", true),
                match("^[a-c]$", "B", false),
                match("(?i)^[a-c]$", "B", true),
                // collating elements and equivalence classes
                match("^[[.hyphen.]]$", "-", true),
                match("^[[.a.]-c]$", "b", true),
                match("^[[.space.]]$", " ", true),
                match("^[[=a=]]$", "a", true),
                match("^[[=a=]]$", "A", false),
                // word boundaries and string anchors
                match("\\mfoo", "a foo", true),
                match("\\mfoo", "afoo", false),
                match("foo\\M", "foo bar", true),
                match("foo\\M", "foob", false),
                match("[[:<:]]foo[[:>:]]", "a foo b", true),
                match("\\yb", "a b", true),
                match("\\yb", "ab", false),
                match("a\\Yb", "ab", true),
                match("\\Aab", "ab", true),
                match("\\Aab", "cab", false),
                match("ab\\Z", "ab\n", false),
                match("ab$", "ab\n", false),
                match("^c", "ab\nc", false),
                // newline-sensitive modes
                match("(?n)ab$", "ab\nc", true),
                match("(?n)^c", "ab\nc", true),
                match("(?w)^c", "ab\nc", true),
                match("(?p)^c", "ab\nc", false),
                match("^.$", "\n", true),
                match("(?n)^.$", "\n", false),
                match("(?p)^[^a]$", "\n", false),
                match("^[^a]$", "\n", true),
                match("(?n)^\\D$", "\n", true),
                // ARE escapes
                match("^\\d+$", "123", true),
                match("a\\sb", "a b", true),
                match("^\\w+$", "a_1", true),
                match("^\\D$", "a", true),
                match("^\\S$", " ", false),
                match("^\\W$", "-", true),
                match("^\\e$", "\u001b", true),
                match("^\\u0061$", "a", true),
                match("^\\U0001D538$", "\uD835\uDD38", true),
                match("^\\x41$", "A", true),
                match("^\\101$", "A", true),
                match("^\\B$", "\\", true),
                match("^\\cA$", "\u0001", true),
                match("^\\b$", "\b", true),
                match("^\\t$", "\t", true),
                match("^\\.$", "x", false),
                // back references and octal escapes
                match("^(a+)\\1$", "aaaa", true),
                match("^(a+)\\1$", "aaa", false),
                match("^(a|ab)\\1$", "abab", true),
                match("(?i)^(a)\\1$", "aA", true),
                match("^(a)\\12$", "a\n", true),
                match("\\Y", "Y\uD835\uDD38Y", false),
                match("(?<=\\U0001D538)b", "\uD835\uDD38b", true),
                // quantifiers, greedy and lazy
                match("^a{2}$", "aa", true),
                match("^a{2}$", "aaa", false),
                match("^a{2,}$", "aaaa", true),
                match("^a{1,2}$", "aaa", false),
                match("^a{1,2}?$", "aa", true),
                match("^a*?$", "aaa", true),
                match("^ab+?$", "abb", true),
                match("^a??b$", "b", true),
                match("^a{$", "a{", true),
                match("^a{,2}$", "a{,2}", true),
                match("^(?:ab){0}c$", "c", true),
                // director prefixes and embedded options
                match("***=a.b", "a.b", true),
                match("***=a.b", "axb", false),
                match("***:a.b", "axb", true),
                match("(?i)ABC", "xabc", true),
                match("(?c)ABC", "abc", false),
                match("(?x)a b # a comment", "ab", true),
                match("(?x)a\\ b", "a b", true),
                match("(?x)[a b]", " ", true),
                match("(?q)a.b", "a.b", true),
                match("(?iq)A.B", "a.b", true),
                match("a(?#comment)b", "ab", true),
                // lookaround constraints
                match("a(?=b)", "ab", true),
                match("a(?=b)", "ac", false),
                match("a(?!b)", "ab", false),
                match("(?<=a)b", "ab", true),
                match("(?<!a)b", "ab", false),
                match("(?<!a)b", "cb", true),
                match("(?<=^a{1,3})b", "aab", true),
                match("(?<=^a{1,3})b", "cab", false),
                // alternation, empty branches, the empty pattern, characters outside the BMP
                match("^(?:a|)$", "", true),
                match("", "anything", true),
                match("^.$", "\uD835\uDD38", true),
                match("x|^$", "", true));
    }

    static Stream<Arguments> serverErrors() {
        return Stream.of(
                error("\\1(a)", "invalid backreference number"),
                error("(a\\1)", "invalid backreference number"),
                error("(?=(a)\\1)", "invalid backreference number"),
                error("[a-c-e]", "invalid character range"),
                error("[z-a]", "invalid character range"),
                error("[[:alpha:]-z]", "invalid character range"),
                error("[[:foo:]]", "invalid character class"),
                error("[[.xx.]]", "invalid collating element"),
                error("[a", "brackets [] not balanced"),
                error("(a", "parentheses () not balanced"),
                error("a)", "parentheses () not balanced"),
                error("a{2,1}", "invalid repetition count(s)"),
                error("a{256}", "invalid repetition count(s)"),
                error("a{1", "braces {} not balanced"),
                error("a**", "quantifier operand invalid"),
                error("^*", "quantifier operand invalid"),
                error("(?=a)+", "quantifier operand invalid"),
                error("a(?i)", "quantifier operand invalid"),
                error("\\q", "invalid escape \\ sequence"),
                error("\\x", "invalid escape \\ sequence"),
                error("\\u12", "invalid escape \\ sequence"),
                error("[\\m]", "invalid escape \\ sequence"),
                error("a\\", "invalid escape \\ sequence"),
                error("(?z)a", "invalid embedded option"),
                error("(?i", "invalid embedded option"),
                error("***?", "invalid regexp (reg version 0.8)"));
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("answers")
    void answersAsTheServerDoes(String pattern, String name, boolean expected) throws PgRegexException {
        assertThat(PgRegex.compile(pattern).find(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("serverErrors")
    void rejectsWhatTheServerRejectsWithItsReason(String pattern, String reason) {
        assertThatThrownBy(() -> PgRegex.compile(pattern)).isInstanceOfSatisfying(PgRegexException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.refusedByServer()).isTrue();
        });
    }

    @Test
    void refusesWhatItCannotEvaluateExactlyAndSaysWhat() {
        assertRefused("(a)*\\1", "a back reference (\\1) to a group that might not take part in the match");
        assertRefused("(a){0}\\1", "a back reference (\\1) to a group that might not take part in the match");
        assertRefused("(?:(a)|b)\\1", "a back reference (\\1) to a group that might not take part in the match");
        assertRefused("((a)\\2){2}", "a back reference inside a repeated group");
        assertRefused("(a)|\\1", "a back reference (\\1) to a group that might not take part in the match");
        String lookbehind = "a lookbehind constraint of unbounded length (with * + or {m,}) or whose length"
                + " java.util.regex cannot measure (a repeated group with alternatives inside)";
        assertRefused("(?<=(?:a|bc){2})d", lookbehind);
        assertRefused("(?<=^a+)b", lookbehind);
        assertRefused("(?b)a\\{2\\}", "the BRE syntax that (?b) selects");
        assertRefused("(?e)a", "the ERE syntax that (?e) selects");
        assertRefused("(?:(?:a{200}){200})", "a pattern this large (the server may find it too complex)");
        assertRefused("(".repeat(5000) + ")".repeat(5000), "groups nested more than 100 deep");
    }

    @Test
    void aPatternThatBacktracksWithoutEndStopsWithAnErrorInsteadOfHanging() throws PgRegexException {
        PgRegex pathological = PgRegex.compile("^((a|aa)+)+c$");
        assertThatThrownBy(() -> pathological.find("a".repeat(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs too many steps");
    }

    private static void assertRefused(String pattern, String construct) {
        assertThatThrownBy(() -> PgRegex.compile(pattern)).isInstanceOfSatisfying(PgRegexException.class, e -> {
            assertThat(e.refusedByServer()).isFalse();
            assertThat(e.reason()).isEqualTo("pgstate does not evaluate " + construct
                    + " (see README, regular expressions)");
        });
    }

    private static Arguments match(String pattern, String name, boolean expected) {
        return Arguments.of(pattern, name, expected);
    }

    private static Arguments error(String pattern, String reason) {
        return Arguments.of(pattern, reason);
    }
}
