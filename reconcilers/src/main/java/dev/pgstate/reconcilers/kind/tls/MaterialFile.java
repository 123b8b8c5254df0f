package dev.pgstate.reconcilers.kind.tls;

import dev.pgstate.model.files.FileTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS material read from a file the spec names (a certificate, a key, an adopted CA): only from a file the agent may
 * obey ({@link FileTrust}), since whoever can replace a key file decides whom clients trust as the server.
 */
final class MaterialFile {

    private MaterialFile() {
    }

    /** @throws TlsMaterialException when the file is missing, unreadable, or others could have changed it */
    static String read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new TlsMaterialException("cannot read " + file + ": it does not exist or the agent may not read it");
        }
        FileTrust.ofThisProcess().fileProblem(file, FileTrust.Readers.ANYONE).ifPresent(problem -> {
            throw new TlsMaterialException("refused: " + problem);
        });
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
