package dev.pgstate.model.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Lets binding step over the first {@code known} unknown keys and fail on the next one. Binding
 * again with one more each time reports every unknown key, while each failure still comes from
 * Jackson with an exact path (a handler cannot see one: inside records Jackson replays buffered
 * tokens whose nesting does not match the document).
 */
final class UnknownKeys extends DeserializationProblemHandler {

    private final int known;
    private int skipped;

    UnknownKeys(int known) {
        this.known = known;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext binding, JsonParser parser,
                                         JsonDeserializer<?> deserializer, Object beanOrClass, String key)
            throws IOException {
        if (skipped == known) {
            return false;
        }
        skipped++;
        parser.skipChildren();
        return true;
    }

    /** {@code unknown key "logn"; did you mean "login"?}, or the known keys when none is close. */
    static String message(String key, Collection<Object> knownKeys) {
        List<String> known = knownKeys.stream().map(String::valueOf).toList();
        String unknown = "unknown key \"" + key + "\"";
        return DidYouMean.closest(key, known)
                .map(suggestion -> unknown + "; did you mean \"" + suggestion + "\"?")
                .orElseGet(() -> unknown + "; expected one of " + String.join(", ", new TreeSet<>(known)));
    }
}
