package dev.pgstate.agent;

import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The agent's own PKI for a test cluster: a tls section issuing everything from a created CA, on a clean slate. */
public final class IssuedTls {

    private IssuedTls() {
    }

    /**
     * The tls section: a created CA (its {@code ca} line {@code caLine}), issued certificate, key and CA bundle for
     * localhost and 127.0.0.1, kept in {@code state}.
     */
    public static String section(String caLine, Path state) {
        return """
                tls:
                  ca: %s
                  certificate: {issue: true}
                  key: {issue: true}
                  ca_bundle: {issue: true}
                  hostnames: [localhost]
                  addresses: [127.0.0.1]
                  state_directory: %s
                """.formatted(caLine, state);
    }

    /** The cluster reset, without the TLS files an earlier test left in its data directory. */
    public static void clean(PgCluster pg) throws IOException {
        pg.reset();
        for (String name : List.of("server.crt", "server.key", "root.crt", "root.crl")) {
            Files.deleteIfExists(pg.dataDir().resolve(name));
        }
    }
}
