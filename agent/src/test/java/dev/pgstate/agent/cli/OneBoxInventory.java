package dev.pgstate.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** An inventory of one box, db1 on 127.0.0.1, written as the push demands it (mode 0600). */
final class OneBoxInventory {

    private OneBoxInventory() {
    }

    /** @param more further lines of the box's entry, each indented by four spaces and ending in a newline */
    static Path write(Path file, int port, Path identity, String agentCommand, Path specPath, String more) {
        try {
            Files.writeString(file, """
                    boxes:
                      - name: db1
                        host: 127.0.0.1
                        port: %d
                        identity_file: %s
                        agent_command: %s
                        spec_path: %s
                    """.formatted(port, identity, agentCommand, specPath) + more);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
