package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaLine;
import dev.pgstate.reconcilers.conf.HbaRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the spec's rules go in the file. Whole-file: the agent's header and the rules are the file. Managed
 * block: the rules between a begin and an end marker comment, at the top or the bottom of the file (the server
 * uses the first rule that matches), and every other line exactly as it was, byte for byte, except rules the block
 * adopts. Rules compare by meaning ({@link RuleMeaning}): a file whose rules (or block) already mean the spec's is
 * left as it is, however they are spelt, and no block is added for an empty rule list.
 */
public record HbaLayout(boolean wholeFile, boolean top) {

    static final String HEADER = "# pg_hba.conf written by pgstate from its spec; edits here are replaced on the next apply.\n";
    public static final String BEGIN_PREFIX = "# BEGIN pgstate managed block";
    static final String BEGIN = BEGIN_PREFIX + ": the agent rewrites these lines from its spec; edit the spec instead";
    public static final String END = "# END pgstate managed block";

    /** The file's markers are not one begin followed by one end: a person has to look. */
    public static final class MalformedBlock extends RuntimeException {
        MalformedBlock(String message) {
            super(message);
        }
    }

    /** The text laid out for the spec's rules would be read back as other rules or other lines: never written. */
    public static final class UnfaithfulText extends RuntimeException {
        UnfaithfulText(String message) {
            super(message);
        }
    }

    public static HbaLayout of(HbaSpec spec) {
        return new HbaLayout(spec.ownership().equals(HbaSpec.WHOLE_FILE), spec.position().equals("top"));
    }

    /**
     * The text the file should have, read back with {@code parser} before it is returned: the spec's rules, each
     * after its comment, in order, and every other line as it was.
     *
     * @throws MalformedBlock when the file's markers are not one begin followed by one end
     * @throws UnfaithfulText when the text would be read back as anything else
     */
    public String render(HbaFileParser parser, HbaFile current, List<OwnedRule> rules) {
        int major = parser.grammar().major();
        List<RuleMeaning> wanted = rules.stream().map(rule -> RuleMeaning.of(rule.rule(), major)).toList();
        if (alreadyMeant(current, wanted, major)) {
            return current.text();
        }
        HbaFile rest = wholeFile ? current : withoutAdopted(current, wanted, major);
        String text = layOut(rest, rules);
        HbaFile written = parser.parse(current.path(), text);
        List<HbaLine> lines = written.lines();
        List<String> owned;
        if (wholeFile) {
            owned = entries(lines.subList(1, lines.size()));
        } else {
            int[] block = writtenBlock(current, written);
            if (!withoutBlock(written).equals(withoutBlock(rest))) {
                throw unfaithful(current, "other lines outside the managed block");
            }
            owned = entries(lines.subList(block[0] + 1, block[1]));
        }
        List<String> meant = rules.stream().flatMap(OwnedRule::entries).map(HbaLayout::meaning).toList();
        if (!owned.equals(meant)) {
            throw unfaithful(current, owned.size() + " lines holding " + owned.stream().filter(m -> !m.isEmpty())
                    .count() + " rules where the spec has " + rules.size() + " rules");
        }
        return text;
    }

    /**
     * The file's rules already mean the spec's: whole-file, every line is a rule or a comment and the rules match one
     * for one; managed block, the block's rules match, or there is no block and no rule to put in one.
     */
    private boolean alreadyMeant(HbaFile current, List<RuleMeaning> wanted, int major) {
        if (wholeFile) {
            boolean onlyRules = current.lines().stream()
                    .allMatch(line -> ruleOf(line).isPresent() || line.entry() instanceof HbaEntry.Blank);
            return onlyRules && meanings(current.lines(), major).equals(wanted);
        }
        Optional<int[]> block = blockIn(current);
        if (block.isEmpty()) {
            return wanted.isEmpty();
        }
        List<HbaLine> inside = current.lines().subList(block.get()[0] + 1, block.get()[1]);
        return inside.stream().noneMatch(line -> line.entry() instanceof HbaEntry.Invalid
                || line.entry() instanceof HbaEntry.Include) && meanings(inside, major).equals(wanted);
    }

    /**
     * The file without the rules a new block takes over, so none is written twice. At the top, every rule outside
     * the block that means one of the spec's: the block's copy comes first and the server never reaches it. At the
     * bottom, only the file's last rules when they are the spec's in order: an earlier copy would still come first.
     */
    private HbaFile withoutAdopted(HbaFile current, List<RuleMeaning> wanted, int major) {
        if (blockIn(current).isPresent() || wanted.isEmpty()) {
            return current;
        }
        List<HbaLine> ruleLines = current.lines().stream().filter(line -> line.entry() instanceof HbaRule).toList();
        List<HbaLine> adopted;
        if (top) {
            adopted = ruleLines.stream().filter(line -> wanted.contains(RuleMeaning.of((HbaRule) line.entry(), major)))
                    .toList();
        } else if (ruleLines.size() < wanted.size()) {
            adopted = List.of();
        } else {
            List<HbaLine> last = ruleLines.subList(Math.max(0, ruleLines.size() - wanted.size()), ruleLines.size());
            boolean trailing = current.lines().subList(current.lines().indexOf(last.get(0)), current.lines().size())
                    .stream().allMatch(line -> line.entry() instanceof HbaRule || line.entry() instanceof HbaEntry.Blank);
            adopted = trailing && meanings(last, major).equals(wanted) ? last : List.of();
        }
        List<HbaLine> kept = new ArrayList<>(current.lines());
        kept.removeAll(adopted);
        return new HbaFile(current.path(), kept);
    }

    private static List<RuleMeaning> meanings(List<HbaLine> lines, int major) {
        return lines.stream().flatMap(line -> ruleOf(line).stream()).map(rule -> RuleMeaning.of(rule, major)).toList();
    }

    /** The line's rule, also one the server loads with a warning (hostssl while ssl = off), as the spec's would be. */
    static Optional<HbaRule> ruleOf(HbaLine line) {
        return line.entry() instanceof HbaEntry.Invalid invalid && !invalid.fatal() ? Optional.of(invalid.rule())
                : line.entry() instanceof HbaRule rule ? Optional.of(rule) : Optional.empty();
    }

    private String layOut(HbaFile current, List<OwnedRule> rules) {
        String owned = rules.stream().map(OwnedRule::lines).collect(Collectors.joining());
        if (wholeFile) {
            return HEADER + owned;
        }
        String block = BEGIN + "\n" + owned + END + "\n";
        String rest = withoutBlock(current);
        if (top) {
            return block + rest;
        }
        return rest.isEmpty() || rest.endsWith("\n") ? rest + block : rest + "\n" + block;
    }

    /** The block in the written text; markers inside a comment would make two, which is the spec's doing. */
    private static int[] writtenBlock(HbaFile current, HbaFile written) {
        try {
            return blockIn(written).orElseThrow(() -> unfaithful(current, "a file without the managed block"));
        } catch (MalformedBlock e) {
            throw unfaithful(current, "a file with more than one begin or end marker");
        }
    }

    /** What each line means; a rule the server loads with a warning (hostssl while ssl = off) counts as its rule. */
    private static List<String> entries(List<HbaLine> lines) {
        return lines.stream().map(HbaLine::entry)
                .map(entry -> entry instanceof HbaEntry.Invalid invalid && !invalid.fatal() ? invalid.rule() : entry)
                .map(HbaLayout::meaning).toList();
    }

    /**
     * A line by what the server makes of it: a rule as the agent writes it, which quotes a token exactly when the
     * quotes change its meaning ({@code x"y z"} and {@code "xy z"} are the same name); nothing for a comment.
     */
    private static String meaning(HbaEntry entry) {
        if (entry instanceof HbaRule rule) {
            return rule.written();
        }
        return entry instanceof HbaEntry.Blank ? "" : entry.toString();
    }

    private static UnfaithfulText unfaithful(HbaFile current, String readBack) {
        return new UnfaithfulText(current.path() + ": the text written for the spec's rules would be read back as "
                + readBack + "; nothing is written (a value holds a line break, a marker or a trailing backslash)");
    }

    /** Every line outside the managed block, as it was. */
    static String withoutBlock(HbaFile file) {
        Optional<int[]> block = blockIn(file);
        List<HbaLine> lines = new ArrayList<>(file.lines());
        block.ifPresent(b -> lines.subList(b[0], b[1] + 1).clear());
        return lines.stream().map(HbaLine::raw).collect(Collectors.joining());
    }

    /** Indexes of the begin and end marker lines; empty when the file has no block. */
    private static Optional<int[]> blockIn(HbaFile file) {
        List<Integer> begins = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < file.lines().size(); i++) {
            String text = file.lines().get(i).raw().strip();
            if (text.startsWith(BEGIN_PREFIX)) {
                begins.add(i);
            } else if (text.equals(END)) {
                ends.add(i);
            }
        }
        if (begins.isEmpty() && ends.isEmpty()) {
            return Optional.empty();
        }
        if (begins.size() != 1 || ends.size() != 1 || ends.get(0) < begins.get(0)) {
            throw new MalformedBlock(file.path() + ": expected one \"" + BEGIN_PREFIX + "\" line followed by one \""
                    + END + "\" line, found " + begins.size() + " and " + ends.size() + "; fix the markers by hand");
        }
        return Optional.of(new int[] {begins.get(0), ends.get(0)});
    }
}
