package dev.pgstate.reconcilers.conf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Files for the parser's {@code @file} references from a map instead of the disk; no directory has any. */
public final class InMemoryConfFiles {

    private InMemoryConfFiles() {
    }

    public static ConfFiles of(Map<Path, String> contents) {
        return new ConfFiles() {
            @Override
            public Optional<String> read(Path file) {
                return Optional.ofNullable(contents.get(file));
            }

            @Override
            public Optional<List<Path>> confFilesIn(Path dir) {
                return Optional.empty();
            }
        };
    }
}
