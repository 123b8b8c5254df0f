package dev.pgstate.model.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.PasswordSource.External;
import dev.pgstate.model.spec.PasswordSource.Origin;
import dev.pgstate.model.spec.ScramVerifier;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binds {@code password}: {@code none}, or a mapping with exactly one source. Anything else written there may be
 * a real password, so no message built here ever repeats what was written.
 */
final class PasswordSourceDeserializer extends StdDeserializer<PasswordSource> {

    static final String SOURCES = "none, {file: /path}, {env: VARIABLE}, {credential: NAME} or "
            + "{verifier: \"" + ScramVerifier.FORM + "\"}";

    /** The mapping form as written; exactly one of the four sources must be set. */
    record Written(String file, String env, String credential, String verifier, Integer iterations) {
    }

    PasswordSourceDeserializer() {
        super(PasswordSource.class);
    }

    @Override
    public PasswordSource deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().equals("none")) {
            return new PasswordSource.None();
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return context.reportInputMismatch(PasswordSource.class, "a password is never written in the spec; "
                    + "expected " + SOURCES);
        }
        return fromMapping(context.readValue(parser, Written.class), context);
    }

    private static PasswordSource fromMapping(Written written, DeserializationContext context) throws IOException {
        Map<String, String> given = new LinkedHashMap<>();
        putIfSet(given, Origin.FILE.key(), written.file());
        putIfSet(given, Origin.ENV.key(), written.env());
        putIfSet(given, Origin.CREDENTIAL.key(), written.credential());
        putIfSet(given, "verifier", written.verifier());
        if (given.size() != 1) {
            String found = given.isEmpty() ? "none" : String.join(" and ", given.keySet());
            return context.reportInputMismatch(PasswordSource.class,
                    "give exactly one of file, env, credential or verifier, found " + found);
        }
        if (written.verifier() != null) {
            return verifier(written, context);
        }
        Origin origin = written.file() != null ? Origin.FILE : written.env() != null ? Origin.ENV : Origin.CREDENTIAL;
        return new External(origin, given.values().iterator().next(), written.iterations());
    }

    private static PasswordSource verifier(Written written, DeserializationContext context) throws IOException {
        if (written.iterations() != null) {
            throw mismatchAt("iterations", "goes with file, env or credential; a verifier carries its own", context);
        }
        var verifier = ScramVerifier.parse(written.verifier());
        if (verifier.isEmpty()) {
            throw mismatchAt("verifier", "expected a SCRAM-SHA-256 verifier as PostgreSQL stores it, "
                    + ScramVerifier.FORM + " (md5 hashes are not accepted)", context);
        }
        return new PasswordSource.Verifier(verifier.get());
    }

    /** A problem with one key of the mapping, so that it points at that key. */
    private static MismatchedInputException mismatchAt(String key, String message, DeserializationContext context) {
        MismatchedInputException mismatch = MismatchedInputException.from(context.getParser(), PasswordSource.class,
                message);
        mismatch.prependPath(new JsonMappingException.Reference(null, key));
        return mismatch;
    }

    private static void putIfSet(Map<String, String> given, String key, String value) {
        if (value != null) {
            given.put(key, value);
        }
    }
}
