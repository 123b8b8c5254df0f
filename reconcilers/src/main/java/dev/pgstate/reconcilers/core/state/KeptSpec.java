package dev.pgstate.reconcilers.core.state;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecJson;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec last parsed with this state directory, kept as {@link SpecJson} so that the next run given the same bytes
 * binds it instead of parsing and validating the YAML again (at 10,000 roles, a third of a second of the launcher's
 * plan). The file {@value #FILE} names the build that wrote it and the SHA-256 of the spec's bytes, then holds the
 * JSON, and ends with an HMAC of all that precedes it under the directory's key for this use; 0600, owned by the
 * agent's user, written atomically. A file of another build or of other bytes is a plain miss; one that is not whole,
 * not sealed by the key, or not the agent's own (owner, mode, a link) is ignored with a warning, never trusted: either
 * only costs a parse, after which the file is replaced.
 */
public final class KeptSpec implements Specs.Kept {

    public static final String FILE = "parsed-spec";

    private static final Logger LOG = LoggerFactory.getLogger(KeptSpec.class);
    private static final String HEADER = "pgstate parsed spec 1";
    private static final String TRAILER = "\nend ";
    private static final String PURPOSE = "parsed spec";

    private final KeyedDirectory state;

    private KeptSpec(KeyedDirectory state) {
        this.state = state;
    }

    /** Kept in the {@code state} directory; with none, nothing is kept. */
    public static Specs.Kept in(KeyedDirectory state) {
        return state.directory().isPresent() ? new KeptSpec(state) : Specs.Kept.NOTHING;
    }

    @Override
    public Optional<Spec> spec(String sha256) {
        if (state.keyUnsaved()) {
            return Optional.empty(); // a new key: nothing in the directory is sealed under it
        }
        Path file = state.directory().orElseThrow().resolve(FILE);
        return KeyedDirectory.readOwn(file).flatMap(text -> {
            String expectedHeader = header(sha256);
            if (!text.startsWith(expectedHeader)) {
                LOG.debug("event=parsed_spec_missed file={} reason=\"another spec or build\"", file);
                return Optional.empty();
            }
            Optional<Spec> kept = KeyedDirectory.trusted(file,
                    sealedJson(text, expectedHeader.length()).flatMap(SpecJson::read),
                    "not a spec sealed by the key beside it");
            kept.ifPresent(spec -> LOG.debug("event=parsed_spec_used file={}", file));
            return kept;
        });
    }

    @Override
    public void keep(String sha256, Spec spec) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(header(sha256).getBytes(StandardCharsets.US_ASCII));
            body.write(SpecJson.write(spec));
            byte[] seal = mac().mac(body.toByteArray());
            body.write((TRAILER + Base64.getEncoder().encodeToString(seal) + "\n").getBytes(StandardCharsets.US_ASCII));
            state.writeOwn(FILE, body.toByteArray());
            LOG.debug("event=parsed_spec_kept directory={}", state.directory().orElseThrow());
        } catch (IOException e) {
            LOG.warn("event=parsed_spec_not_kept directory={} problem=\"{}\"", state.directory().orElseThrow(),
                    e.getMessage());
        }
    }

    /** The first line: the format, this build, and the SHA-256 of the spec's bytes. */
    private static String header(String sha256) {
        return HEADER + " " + SpecJson.BUILD + " " + sha256 + "\n";
    }

    /** The JSON after {@code headerLength} characters, when the whole text up to the trailer is sealed by the key. */
    private Optional<String> sealedJson(String text, int headerLength) {
        int trailer = text.lastIndexOf(TRAILER);
        if (trailer < headerLength || !text.endsWith("\n")) {
            return Optional.empty();
        }
        try {
            byte[] seal = Base64.getDecoder().decode(text.substring(trailer + TRAILER.length()).strip());
            byte[] body = text.substring(0, trailer).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(seal, mac().mac(body))
                    ? Optional.of(text.substring(headerLength, trailer)) : Optional.empty();
        } catch (IllegalArgumentException | IOException notSealed) {
            return Optional.empty();
        }
    }

    private HmacSha256 mac() throws IOException {
        return state.macFor(PURPOSE);
    }
}
