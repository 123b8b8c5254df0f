package dev.pgstate.model.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.MapType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binding that goes on past a value that does not fit, so that one run reports every problem: the value of a
 * mapping key that fails to bind (a wrong type, a missing required field inside it) is recorded and left out, as
 * if it were not written, and binding continues with the next key. A failing list entry leaves out its whole list,
 * since a list cannot hold a hole. Only used once the strict, one-parse binding has failed.
 */
final class Tolerant extends DelegatingDeserializer {

    private static final long serialVersionUID = 1L;
    private static final String FAILURES = Tolerant.class.getName();

    /** What one tolerant binding left out: each failure (its path complete) and the path of what it left out. */
    record Failures(List<JsonMappingException> errors, List<String> leftOut) {
        Failures() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    /** Wraps every deserializer, records and lists and plain values alike. */
    static final BeanDeserializerModifier EVERYWHERE = new BeanDeserializerModifier() {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                      JsonDeserializer<?> deserializer) {
            return new Tolerant(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                                                                BeanDescription description,
                                                                JsonDeserializer<?> deserializer) {
            return new Tolerant(deserializer);
        }

        @Override
        public JsonDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
                                                         BeanDescription description, JsonDeserializer<?> deserializer) {
            return new Tolerant(deserializer);
        }
    };

    private Tolerant(JsonDeserializer<?> delegate) {
        super(delegate);
    }

    /** The attribute a reader carries so that its deserializers can record what they left out. */
    static String attribute() {
        return FAILURES;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
        return new Tolerant(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken first = parser.currentToken();
        boolean container = first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY;
        JsonStreamContext around = container ? parser.getParsingContext().getParent() : parser.getParsingContext();
        Failures failures = (Failures) context.getAttribute(FAILURES);
        if (failures == null || around == null || !around.inObject()) {
            return _delegatee.deserialize(parser, context); // the top, or a list entry: its list decides
        }
        String path = FieldPath.of(around);
        try {
            return _delegatee.deserialize(parser, context);
        } catch (UnrecognizedPropertyException unknown) {
            throw unknown; // the unknown-key loop of SpecLoader reports those, one pass each
        } catch (JsonMappingException mismatch) {
            for (JsonStreamContext outer = around; outer != null && !outer.inRoot(); outer = outer.getParent()) {
                mismatch.prependPath(outer.inArray() ? new JsonMappingException.Reference(null, outer.getCurrentIndex())
                        : new JsonMappingException.Reference(null, outer.getCurrentName()));
            }
            failures.errors().add(mismatch);
            failures.leftOut().add(path);
            if (container) {
                skipTo(parser, around); // past the end of this value, wherever inside it binding stopped
            }
            return null;
        }
    }

    private static void skipTo(JsonParser parser, JsonStreamContext around) throws IOException {
        while (!((parser.currentToken() == JsonToken.END_OBJECT || parser.currentToken() == JsonToken.END_ARRAY)
                && parser.getParsingContext() == around)) {
            if (parser.nextToken() == null) {
                return;
            }
        }
    }
}
