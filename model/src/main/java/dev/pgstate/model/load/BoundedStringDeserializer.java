package dev.pgstate.model.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Every string of the spec, refused past {@link SpecLoader#MAX_VALUE_CHARACTERS}: Jackson's own string limit is
 * not applied to YAML scalars, and a value of many megabytes is a mistake or an attack, never a setting.
 */
final class BoundedStringDeserializer extends StringDeserializer {

    private static final long serialVersionUID = 1L;

    /** What binding stops with; {@link BindingErrors} turns it into a problem at the field. */
    static final class TooLong extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        TooLong(JsonParser parser) {
            super(parser, "a value longer than " + SpecLoader.MAX_VALUE_CHARACTERS + " characters");
        }
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = super.deserialize(parser, context);
        if (value != null && value.length() > SpecLoader.MAX_VALUE_CHARACTERS) {
            throw new TooLong(parser);
        }
        return value;
    }
}
