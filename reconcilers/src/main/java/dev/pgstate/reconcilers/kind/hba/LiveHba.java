package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * The server's pg_hba.conf as the agent found it: where {@code hba_file} says it is, its text and when it was last
 * written (a file written after the server last loaded its config files was never loaded), the grammar of this
 * server's version and SSL setting, when the server last loaded its config files, and how the agent's own session
 * reached the server (what lockout protection must keep working), and the box's interfaces for samehost/samenet.
 */
public record LiveHba(Path file, String text, Instant modified, HbaGrammar grammar, Instant confLoadTime,
                      HbaClient agentSession, HostInterfaces interfaces) {

    public LiveHba {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(grammar, "grammar");
        Objects.requireNonNull(confLoadTime, "confLoadTime");
        Objects.requireNonNull(agentSession, "agentSession");
        Objects.requireNonNull(interfaces, "interfaces");
    }
}
