package dev.pgstate.model.load;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Builds and takes apart field paths of the form {@code roles[1].member_of[0].role} (0-based indexes). */
public final class FieldPath {

    private FieldPath() {
    }

    public static String key(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** {@code roles[1].name} → {@code roles[1]} → {@code roles} → {@code ""}. */
    static String parentOf(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** The path Jackson recorded while binding, in our form. */
    static String of(List<JsonMappingException.Reference> references) {
        String path = "";
        for (JsonMappingException.Reference reference : references) {
            path = reference.getFieldName() != null
                    ? key(path, reference.getFieldName())
                    : index(path, reference.getIndex());
        }
        return path;
    }

    /** The path of the value a parser is on, from its nesting of objects and arrays. */
    static String of(JsonStreamContext context) {
        Deque<JsonStreamContext> fromRoot = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            fromRoot.push(c);
        }
        String path = "";
        for (JsonStreamContext c : fromRoot) {
            path = c.inArray() ? index(path, c.getCurrentIndex()) : key(path, c.getCurrentName());
        }
        return path;
    }
}
