package dev.pgstate.reconcilers.hba;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the spec's rules go in the file. Whole-file: the agent's header and the rules are the file. Managed
 * block: the rules between a begin and an end marker comment, at the top or the bottom of the file (the server
 * uses the first rule that matches), and every other line exactly as it was, byte for byte.
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

    public static HbaLayout of(HbaSpec spec) {
        return new HbaLayout(spec.ownership().equals(HbaSpec.WHOLE_FILE), spec.position().equals("top"));
    }

    /** The text the file should have. */
    public String render(HbaFile current, List<OwnedRule> rules) {
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
