package dev.pgstate.reconcilers.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where {@code @file} references and include directives are read from: the disk, or a map in tests. */
public interface ConfFiles {

    /** The text of {@code file}, or empty when it does not exist or cannot be read. */
    Optional<String> read(Path file);

    /**
     * The {@code *.conf} files of {@code dir} not starting with a dot, sorted by name in byte order as PostgreSQL
     * does for {@code include_dir}; empty when the directory cannot be opened.
     */
    Optional<List<Path>> confFilesIn(Path dir);

    /** The real file system. */
    static ConfFiles disk() {
        return new ConfFiles() {
            @Override
            public Optional<String> read(Path file) {
                try {
                    return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }

            @Override
            public Optional<List<Path>> confFilesIn(Path dir) {
                try (Stream<Path> entries = Files.list(dir)) {
                    return Optional.of(entries
                            .filter(p -> p.getFileName().toString().endsWith(".conf"))
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted((a, b) -> Arrays.compareUnsigned(name(a), name(b)))
                            .toList());
                } catch (IOException e) {
                    return Optional.empty();
                }
            }

            private static byte[] name(Path p) {
                return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }
}
