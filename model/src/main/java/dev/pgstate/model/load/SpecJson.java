package dev.pgstate.model.load;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * A valid spec as JSON that binds back to the very same records, by the spec's own binding rules: what the agent keeps
 * between runs instead of parsing and validating the same YAML again (a third of a second at 10,000 roles under the
 * launcher's C1, against a twentieth for this). Only ever read by the build that wrote it ({@link #BUILD}): another
 * build may bind or validate differently, and what it kept says nothing about what this one would make of the YAML.
 */
public final class SpecJson {

    /** This build of the spec model, different for every build: what kept JSON must name to be read. */
    public static final String BUILD = build();

    private SpecJson() {
    }

    /** The spec as ASCII JSON. */
    public static byte[] write(Spec spec) {
        try {
            return Writing.WRITER.writeValueAsBytes(spec);
        } catch (JacksonException e) {
            throw new IllegalStateException("a spec's records always serialize", e);
        }
    }

    /** The spec {@link #write} made {@code json} of; empty when it is not one this build binds. */
    public static Optional<Spec> read(String json) {
        try {
            return Optional.ofNullable(Reading.READER.readValue(json));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** Built when first written: a run that finds its spec kept never needs it. */
    private static final class Writing {
        static final ObjectWriter WRITER = JsonMapper.builder(JsonFactory.builder()
                        // ASCII only: a file of the agent's own that any byte out of place makes unreadable
                        .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                        .build())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                // a record's components only: a method such as TlsFileSpec.issued() is not a field "sued"
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .addModule(new SimpleModule()
                        .addSerializer(PasswordSource.class, new PasswordSourceSerializer()))
                .build()
                .writerFor(Spec.class);
    }

    /** Built when first read: a run that parses its spec never needs it. */
    private static final class Reading {
        static final ObjectReader READER = SpecLoader.strict(JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(SpecLoader.MAX_DEPTH)
                                .maxStringLength(SpecLoader.MAX_VALUE_CHARACTERS)
                                .build())
                        .build()), new SimpleModule())
                .readerFor(Spec.class);
    }

    /** {@code none}, or the mapping of its one source, as a spec writes them. */
    private static final class PasswordSourceSerializer extends StdSerializer<PasswordSource> {
        private static final long serialVersionUID = 1L;

        PasswordSourceSerializer() {
            super(PasswordSource.class);
        }

        @Override
        public void serialize(PasswordSource source, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            if (source instanceof PasswordSource.None) {
                out.writeString("none");
                return;
            }
            out.writeStartObject();
            if (source instanceof PasswordSource.Verifier verifier) {
                out.writeStringField("verifier", verifier.verifier().text());
            } else if (source instanceof PasswordSource.External external) {
                out.writeStringField(external.origin().key(), external.reference());
                if (external.iterations() != null) {
                    out.writeNumberField("iterations", external.iterations());
                }
            }
            out.writeEndObject();
        }
    }

    private static String build() {
        Properties build = new Properties();
        try (InputStream in = SpecJson.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("the model's build.properties is missing from its jar");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build.getProperty("version") + "@" + build.getProperty("built");
    }
}
