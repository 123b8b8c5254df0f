package dev.pgstate.reconcilers.kind.hba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaLine;
import dev.pgstate.reconcilers.conf.HbaLineGenerator;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.InMemoryConfFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * pg_hba.conf text from {@link HbaLineGenerator}, read with the parser, its rules written back by the agent's writer
 * (whole file, and a managed block above and below the text) with random comments, hostile ones included, and read
 * again: the rules come back the same and in order, the lines outside the block byte for byte except rules the block
 * adopted (ones it holds too); or the writer
 * refuses, and then only because a comment holds a control character, a marker or a trailing backslash.
 */
class HbaWriterFuzzTest {

    private static final Path HBA = Path.of("/etc/postgresql/main/pg_hba.conf");
    private static final AtomicInteger WRITTEN = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();

    @Property(tries = 2_000)
    void whatIsWrittenReadsBackAsTheSameRules(@ForAll long seed, @ForAll("majors") int major,
                                             @ForAll @IntRange(min = 1, max = 25) int lines,
                                             @ForAll @Size(max = 25) List<@From("comments") String> comments) {
        HbaFileParser parser = new HbaFileParser(HbaGrammar.of(major), names());
        HbaFile live = parser.parse(HBA, new HbaLineGenerator(seed, major).file(lines));
        List<OwnedRule> owned = new ArrayList<>();
        List<HbaRule> rules = rules(live);
        for (int i = 0; i < rules.size(); i++) {
            owned.add(new OwnedRule(rules.get(i), i < comments.size() ? comments.get(i) : null));
        }
        for (HbaLayout layout : List.of(new HbaLayout(true, true), new HbaLayout(false, true), new HbaLayout(false, false))) {
            String text;
            try {
                text = layout.render(parser, live, owned);
            } catch (HbaLayout.UnfaithfulText e) {
                REFUSED.incrementAndGet();
                assertThat(owned).as("refused without a hostile comment: %s", e.getMessage())
                        .anyMatch(rule -> hostile(rule.comment(), major));
                continue;
            }
            WRITTEN.incrementAndGet();
            HbaFile written = parser.parse(HBA, text);
            if (layout.wholeFile()) {
                assertThat(rules(written)).map(HbaRule::written).isEqualTo(rules.stream().map(HbaRule::written).toList());
                continue;
            }
            List<HbaRule> block = rules(written).subList(layout.top() ? 0 : rules(written).size() - rules.size(),
                    layout.top() ? rules.size() : rules(written).size());
            assertThat(block).map(HbaRule::written).isEqualTo(rules.stream().map(HbaRule::written).toList());
            Set<RuleMeaning> meant = rules.stream().map(rule -> RuleMeaning.of(rule, major)).collect(Collectors.toSet());
            assertKeptExceptAdopted(live, parser.parse(HBA, HbaLayout.withoutBlock(written)), meant, major);
        }
    }

    /** Outside the block every line is the live file's, in order, byte for byte; missing are only rules it adopted. */
    private static void assertKeptExceptAdopted(HbaFile live, HbaFile outside, Set<RuleMeaning> adoptable, int major) {
        int next = 0;
        for (HbaLine line : live.lines()) {
            if (next < outside.lines().size() && outside.lines().get(next).raw().equals(line.raw())) {
                next++;
            } else {
                assertThat(line.entry()).as("dropped: %s", line.raw()).isInstanceOf(HbaRule.class);
                assertThat(adoptable).as("dropped a rule the block does not hold: %s", line.raw())
                        .contains(RuleMeaning.of((HbaRule) line.entry(), major));
            }
        }
        assertThat(next).as("lines outside the block that are not the live file's").isEqualTo(outside.lines().size());
    }

    @AfterContainer
    static void writtenAndRefusedBothHappened() {
        assertThat(WRITTEN.get()).as("files written").isGreaterThan(1_000);
        assertThat(REFUSED.get()).as("files refused").isPositive();
    }

    @Provide
    Arbitrary<Integer> majors() {
        return Arbitraries.of(11, 14, 16, 18);
    }

    @Provide
    Arbitrary<String> comments() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().withChars("ab #\"',+@/\\é中").ofMaxLength(20)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withChars("x \n\r\t\u0000\u001b\u0085").ofMaxLength(6)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("hello\nhost all all 0.0.0.0/0 trust", "ends in a backslash \\",
                        HbaLayout.END, HbaLayout.BEGIN, "x\n" + HbaLayout.END + "\nhost all all ::/0 trust",
                        "  padded  ", "")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    }

    /** What the writer may refuse: a line break or other control, a marker, or a continuation (14+). */
    private static boolean hostile(String comment, int major) {
        return comment != null && (comment.chars().anyMatch(Character::isISOControl)
                || comment.contains("pgstate managed block")
                || (major >= 14 && comment.strip().endsWith("\\")));
    }

    /** The rules the server loads, in order; one loaded with a warning (hostssl while ssl is off) counts. */
    private static List<HbaRule> rules(HbaFile file) {
        return file.lines().stream().map(line -> line.entry()).flatMap(entry -> entry instanceof HbaRule rule
                ? Stream.of(rule)
                : entry instanceof HbaEntry.Invalid invalid && !invalid.fatal() ? Stream.of(invalid.rule()) : Stream.empty())
                .toList();
    }

    private static ConfFiles names() {
        return InMemoryConfFiles.of(Map.of(HBA.resolveSibling("names.list"), "alice, bob\n\"Carol C\"\n"));
    }
}
