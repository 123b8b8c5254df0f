package dev.pgstate.model.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.pgstate.model.spec.MembershipSpec;
import dev.pgstate.model.spec.PasswordSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the exception Jackson stops binding with into a problem in the user's words: which field,
 * what was expected, what was found. Jackson's own wording names Java types and is never shown.
 */
final class BindingErrors {

    private BindingErrors() {
    }

    static SpecProblem translate(JacksonException error, SourceMap source) {
        if (error instanceof JsonMappingException mapping) {
            return translate(mapping, source);
        }
        // The document was read once already, so only binding can fail here; this is a safety net.
        return source.problemAt("", "cannot be read as a spec");
    }

    private static SpecProblem translate(JsonMappingException error, SourceMap source) {
        String field = FieldPath.of(error.getPath());
        if (error instanceof UnrecognizedPropertyException unknown) {
            return source.problemAt(field, UnknownKeys.message(unknown.getPropertyName(),
                    unknown.getKnownPropertyIds()));
        }
        if (error instanceof BoundedStringDeserializer.TooLong) {
            return source.problemAt(field, error.getOriginalMessage());
        }
        if (error instanceof InvalidNullException) {
            return source.problemAt(field, "an empty entry; fill it in or remove it");
        }
        if (error instanceof MismatchedInputException mismatch && mismatch.getTargetType() == PasswordSource.class) {
            // Already in our words, and without what was found: a password written in the spec is a secret.
            return source.problemAt(field, mismatch.getOriginalMessage());
        }
        if (error instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return source.problemAt(field, "expected " + expected(mismatch.getTargetType())
                    + ", found " + found(source, field));
        }
        if (error.getCause() instanceof InputCoercionException tooLarge) {
            return source.problemAt(field, "expected " + expected(tooLarge.getTargetType()) + " from "
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", found " + found(source, field));
        }
        if (error instanceof ValueInstantiationException && error.getCause() instanceof NullPointerException missing
                && missing.getMessage() != null) {
            // The records' compact constructors name the required component they found null.
            String required = missing.getMessage();
            return source.problemAt(FieldPath.key(field, required), required + " is required");
        }
        return source.problemAt(field, "found " + found(source, field) + ", which does not fit here");
    }

    private static String found(SourceMap source, String field) {
        return source.found(field).orElse("something else");
    }

    /** What a Java type looks like in YAML. */
    private static String expected(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping of parameter names to values";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == MembershipSpec.class) {
            return "a role name or a mapping with role, admin, inherit and set";
        }
        if (type.isEnum()) {
            // Spec enums are written as their @JsonProperty names (present, alter-system).
            List<String> values = Arrays.stream(type.getEnumConstants())
                    .map(constant -> spelling((Enum<?>) constant)).toList();
            return "one of " + values.stream().collect(Collectors.joining(", "));
        }
        return "a mapping";
    }

    private static String spelling(Enum<?> constant) {
        try {
            JsonProperty name = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return name != null ? name.value() : constant.name().toLowerCase(Locale.ROOT);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("an enum constant is a field of its class", e);
        }
    }
}
