package dev.pgstate.reconcilers.core.state;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecJson;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.secret.KeyedMac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec last parsed with this state directory, kept as {@link SpecJson} so that the next run given the same bytes
 * binds it instead of parsing and validating the YAML again (at 10,000 roles, a third of a second of the launcher's
 * plan). The file {@value #FILE} names the build that wrote it and the spec's bytes by their MAC, then holds the
 * JSON, sealed (as {@link KeyedDirectory#sealed}); both MACs are SipHash-128 under the directory's key for this use
 * ({@link KeyedDirectory#quickMacFor}), which the launcher's C1 runs several times faster than SHA-256 over the
 * megabytes of a large spec and its JSON. 0600, owned by the agent's user, written atomically. A file of another
 * build or of other bytes is a plain miss; one that is not whole, not sealed by the key, or not the agent's own
 * (owner, mode, a link) is ignored with a warning, never trusted: either only costs a parse, after which the file is
 * replaced.
 */
public final class KeptSpec implements Specs.Kept {

    public static final String FILE = "parsed-spec";

    private static final Logger LOG = LoggerFactory.getLogger(KeptSpec.class);
    private static final String HEADER = "pgstate parsed spec 2";
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
    public Optional<Spec> spec(byte[] content) {
        if (state.keyUnsaved()) {
            return Optional.empty(); // a new key: nothing in the directory is sealed under it
        }
        Path file = state.directory().orElseThrow().resolve(FILE);
        return KeyedDirectory.readOwn(file).flatMap(text -> {
            KeyedMac mac;
            try {
                mac = mac();
            } catch (IOException keyNotWritable) {
                return Optional.empty();
            }
            String expectedHeader = header(mac, content);
            if (!text.startsWith(expectedHeader)) {
                LOG.debug("event=parsed_spec_missed file={} reason=\"another spec or build\"", file);
                return Optional.empty();
            }
            Optional<Spec> kept = KeyedDirectory.trusted(file, KeyedDirectory.unsealed(text, mac)
                    .map(body -> body.substring(expectedHeader.length())).flatMap(SpecJson::read),
                    "not a spec sealed by the key beside it");
            kept.ifPresent(spec -> LOG.debug("event=parsed_spec_used file={}", file));
            return kept;
        });
    }

    @Override
    public void keep(byte[] content, Spec spec) {
        try {
            KeyedMac mac = mac();
            String body = header(mac, content) + new String(SpecJson.write(spec), StandardCharsets.US_ASCII) + "\n";
            state.writeOwn(FILE, KeyedDirectory.sealed(body, mac));
            LOG.debug("event=parsed_spec_kept directory={}", state.directory().orElseThrow());
        } catch (IOException e) {
            LOG.warn("event=parsed_spec_not_kept directory={} problem=\"{}\"", state.directory().orElseThrow(),
                    e.getMessage());
        }
    }

    /** The first line: the format, this build, and the MAC of the spec's bytes. */
    private static String header(KeyedMac mac, byte[] content) {
        return HEADER + " " + SpecJson.BUILD + " " + Base64.getEncoder().encodeToString(mac.mac(content)) + "\n";
    }

    private KeyedMac mac() throws IOException {
        return state.quickMacFor(PURPOSE);
    }
}
