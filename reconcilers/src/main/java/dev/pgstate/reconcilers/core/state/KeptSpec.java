package dev.pgstate.reconcilers.core.state;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecJson;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.secret.HmacSha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec last parsed with this state directory, kept as {@link SpecJson} so that the next run given the same bytes
 * binds it instead of parsing and validating the YAML again (at 10,000 roles, a third of a second of the launcher's
 * plan). The file {@value #FILE} names the build that wrote it and the SHA-256 of the spec's bytes, then holds the
 * JSON, sealed (as {@link KeyedDirectory#sealed}) under the directory's key for this use; 0600, owned by the
 * agent's user, written atomically. A file of another build or of other bytes is a plain miss; one that is not whole,
 * not sealed by the key, or not the agent's own (owner, mode, a link) is ignored with a warning, never trusted: either
 * only costs a parse, after which the file is replaced.
 */
public final class KeptSpec implements Specs.Kept {

    public static final String FILE = "parsed-spec";

    private static final Logger LOG = LoggerFactory.getLogger(KeptSpec.class);
    private static final String HEADER = "pgstate parsed spec 1";
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
            Optional<Spec> kept = KeyedDirectory.trusted(file, unsealed(text)
                    .map(body -> body.substring(expectedHeader.length())).flatMap(SpecJson::read),
                    "not a spec sealed by the key beside it");
            kept.ifPresent(spec -> LOG.debug("event=parsed_spec_used file={}", file));
            return kept;
        });
    }

    @Override
    public void keep(String sha256, Spec spec) {
        try {
            String body = header(sha256) + new String(SpecJson.write(spec), StandardCharsets.US_ASCII) + "\n";
            state.writeOwn(FILE, KeyedDirectory.sealed(body, mac()));
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

    private Optional<String> unsealed(String text) {
        try {
            return KeyedDirectory.unsealed(text, mac());
        } catch (IOException keyNotWritable) {
            return Optional.empty();
        }
    }

    private HmacSha256 mac() throws IOException {
        return state.macFor(PURPOSE);
    }
}
