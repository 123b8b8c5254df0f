package dev.pgstate.reconcilers.conf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The main pg_hba.conf with every file its include directives pull in (16+), flattened into the order the server
 * evaluates rules. An include the server cannot follow is a fatal line at the directive, as the server reports it.
 */
public record HbaTree(List<Located> lines) {

    /** One line in evaluation order, with the file it is in. */
    public record Located(Path file, HbaLine line, HbaEntry entry) {
        public String where() {
            return file + ":" + line.number();
        }
    }

    /** The server gives up at this depth ("maximum nesting depth exceeded"). */
    private static final int MAX_DEPTH = 10;

    public HbaTree {
        lines = List.copyOf(lines);
    }

    public static HbaTree load(HbaFileParser parser, HbaFile main) {
        List<Located> lines = new ArrayList<>();
        add(parser, main, 0, lines);
        return new HbaTree(lines);
    }

    private static void add(HbaFileParser parser, HbaFile file, int depth, List<Located> into) {
        for (HbaLine line : file.lines()) {
            if (!(line.entry() instanceof HbaEntry.Include include)) {
                into.add(new Located(file.path(), line, line.entry()));
                continue;
            }
            Path target = FileReferences.resolve(file.path(), include.target());
            if (depth + 1 >= MAX_DEPTH) {
                into.add(new Located(file.path(), line, HbaEntry.Invalid.fatal("could not open file \"" + target
                        + "\": maximum nesting depth exceeded")));
                continue;
            }
            switch (include.kind()) {
                case INCLUDE, INCLUDE_IF_EXISTS -> {
                    Optional<String> text = parser.files().read(target);
                    if (text.isPresent()) {
                        add(parser, parser.parse(target, text.get()), depth + 1, into);
                    } else if (include.kind() == HbaEntry.Include.Kind.INCLUDE) {
                        into.add(new Located(file.path(), line, HbaEntry.Invalid.fatal("could not open file \"" + target + "\"")));
                    }
                }
                case INCLUDE_DIR -> {
                    Optional<List<Path>> members = parser.files().confFilesIn(target);
                    if (members.isEmpty()) {
                        into.add(new Located(file.path(), line, HbaEntry.Invalid.fatal("could not open directory \"" + target + "\"")));
                        continue;
                    }
                    for (Path member : members.get()) {
                        parser.files().read(member).ifPresent(text -> add(parser, parser.parse(member, text), depth + 1, into));
                    }
                }
            }
        }
    }
}
