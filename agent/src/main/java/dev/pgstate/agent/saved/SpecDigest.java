package dev.pgstate.agent.saved;

import dev.pgstate.model.Specs;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Takes the SHA-256 of the spec's bytes as they are read: the bytes then parsed, never a second read of the file. */
public final class SpecDigest implements Specs.ContentCheck {

    private String sha256;

    @Override
    public void check(Path file, byte[] content) {
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The digest of the bytes last read. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("no spec was read");
        }
        return sha256;
    }
}
