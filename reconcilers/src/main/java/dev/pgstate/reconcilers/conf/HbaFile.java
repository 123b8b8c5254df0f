package dev.pgstate.reconcilers.conf;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One pg_hba.conf file as read: every logical line in order, each with its exact original text. */
public record HbaFile(Path path, List<HbaLine> lines) {

    public HbaFile {
        Objects.requireNonNull(path, "path");
        lines = List.copyOf(lines);
    }

    /** The file's text: every line's original bytes, so an unchanged file is written back identically. */
    public String text() {
        return lines.stream().map(HbaLine::raw).collect(Collectors.joining());
    }

    /** The lines the server would reject outright or load with a warning, with file and line for messages. */
    public List<HbaLine> invalidLines() {
        return lines.stream().filter(l -> l.entry() instanceof HbaEntry.Invalid).toList();
    }

    /** {@code /etc/postgresql/16/main/pg_hba.conf:12: invalid authentication method "md4"}. */
    public String describe(HbaLine line) {
        String message = line.entry() instanceof HbaEntry.Invalid invalid ? invalid.message() : line.entry().toString();
        return path + ":" + line.number() + ": " + message;
    }
}
