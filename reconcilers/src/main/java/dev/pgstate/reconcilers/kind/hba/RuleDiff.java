package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaLine;
import dev.pgstate.reconcilers.conf.HbaRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order-aware difference between the rules of two versions of a file. The longest common subsequence of rules
 * stays put (even if its line numbers shift); of the rest, a rule found in both files moved, a rule only in the
 * new file is inserted, and one only in the old file is removed. Comments and blank lines are not rules.
 */
public final class RuleDiff {

    /**
     * A rule (or a line the server rejects) with its line number; {@code text} is its whitespace-normalized form,
     * {@code meaning} what it is compared by: two spellings of one rule are the same rule.
     */
    private record Numbered(int line, String text, Object meaning) {
    }

    private RuleDiff() {
    }

    public static List<RuleMove> between(HbaFile before, HbaFile after, int major) {
        List<Numbered> old = rules(before, major);
        List<Numbered> next = rules(after, major);
        boolean[][] kept = commonSubsequence(old, next);
        List<Numbered> gone = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (!kept[0][i]) {
                gone.add(old.get(i));
            }
        }
        List<RuleMove> moves = new ArrayList<>();
        for (int j = 0; j < next.size(); j++) {
            if (kept[1][j]) {
                continue;
            }
            Numbered rule = next.get(j);
            Numbered from = gone.stream().filter(g -> g.meaning().equals(rule.meaning())).findFirst().orElse(null);
            gone.remove(from);
            moves.add(new RuleMove(rule.text(), from == null ? null : from.line(), rule.line()));
        }
        gone.forEach(g -> moves.add(new RuleMove(g.text(), g.line(), null)));
        moves.sort(Comparator.comparing((RuleMove m) -> m.toLine() == null ? m.fromLine() : m.toLine()));
        return moves;
    }

    private static List<Numbered> rules(HbaFile file, int major) {
        List<Numbered> rules = new ArrayList<>();
        for (HbaLine line : file.lines()) {
            if (line.entry() instanceof HbaRule rule) {
                rules.add(new Numbered(line.number(), rule.toString(), RuleMeaning.of(rule, major)));
            } else if (line.entry() instanceof HbaEntry.Invalid invalid) {
                String text = invalid.rule() == null ? line.raw().strip().replaceAll("\\s+", " ") : invalid.rule().toString();
                rules.add(new Numbered(line.number(), text, text));
            }
        }
        return rules;
    }

    /** {@code [0][i]}: old rule i is in the common subsequence; {@code [1][j]}: new rule j is. */
    private static boolean[][] commonSubsequence(List<Numbered> old, List<Numbered> next) {
        int[][] length = new int[old.size() + 1][next.size() + 1];
        for (int i = old.size() - 1; i >= 0; i--) {
            for (int j = next.size() - 1; j >= 0; j--) {
                length[i][j] = old.get(i).meaning().equals(next.get(j).meaning())
                        ? length[i + 1][j + 1] + 1 : Math.max(length[i + 1][j], length[i][j + 1]);
            }
        }
        boolean[][] kept = {new boolean[old.size()], new boolean[next.size()]};
        int i = 0;
        int j = 0;
        while (i < old.size() && j < next.size()) {
            if (old.get(i).meaning().equals(next.get(j).meaning())) {
                kept[0][i++] = true;
                kept[1][j++] = true;
            } else if (length[i + 1][j] >= length[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return kept;
    }
}
