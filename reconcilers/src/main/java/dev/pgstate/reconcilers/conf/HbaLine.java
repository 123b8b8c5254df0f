package dev.pgstate.reconcilers.conf;

import java.util.Objects;

/**
 * One logical line of pg_hba.conf: its first physical line number (as the server reports it), the exact text
 * it was read from including continuation lines and line terminators (so writing it back is byte-identical),
 * and what it means.
 */
public record HbaLine(int number, String raw, HbaEntry entry) {

    public HbaLine {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(entry, "entry");
    }

    public boolean isFatal() {
        return entry instanceof HbaEntry.Invalid invalid && invalid.fatal();
    }
}
