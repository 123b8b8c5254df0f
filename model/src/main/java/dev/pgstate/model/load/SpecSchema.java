package dev.pgstate.model.load;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.PasswordSource;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.ServerSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.model.spec.TlsSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The JSON Schema (draft-07) of a spec, derived from the records {@link SpecLoader} binds, so that editors and CI
 * check specs without Java. It follows the loader: snake_case keys, no unknown key, a blank value ({@code login:})
 * leaves a field unmanaged, a scalar is text where text is expected ({@code name: 007}), booleans and integers are
 * never text. A field is required when its record's constructor refuses it null. Where a validation rule checks a
 * fixed set of values or a form, the schema says it too (the refinements below, from the same constants); the
 * rules that need more than one field or the server (duplicate names, a role that does not exist) stay the
 * validator's. The jar carries it as {@value #RESOURCE} (a test keeps that file equal to {@link #text()}), and
 * {@code agent schema} prints it.
 */
public final class SpecSchema {

    /** Where the schema is in the model's jar, and under src/main/resources (the .deb takes it from there). */
    public static final String RESOURCE = "dev/pgstate/model/spec.schema.json";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final List<String> TEXT = List.of("string", "number", "boolean");

    /** What validation checks of one field on its own, keyed by record and spec key. */
    private static final Map<String, Consumer<ObjectNode>> REFINEMENTS = Map.ofEntries(
            Map.entry("HbaRuleSpec.type", field -> oneOf(field, HbaRuleSpec.TYPES)),
            Map.entry("HbaRuleSpec.method", field -> oneOf(field, HbaRuleSpec.METHODS)),
            Map.entry("HbaSpec.ownership", field -> oneOf(field, HbaSpec.OWNERSHIPS)),
            Map.entry("HbaSpec.position", field -> oneOf(field, HbaSpec.POSITIONS)),
            Map.entry("ServerSpec.port", SpecSchema::port),
            Map.entry("ConnectionSpec.port", SpecSchema::port),
            Map.entry("ConnectionSpec.sslmode", field -> oneOf(field, ConnectionSpec.SSL_MODES)),
            Map.entry("RoleSpec.connection_limit", field -> field.put("minimum", RoleSpec.NO_CONNECTION_LIMIT)),
            Map.entry("DatabaseSpec.connection_limit", field -> field.put("minimum", RoleSpec.NO_CONNECTION_LIMIT)),
            Map.entry("TlsSpec.renew_before", SpecSchema::days),
            Map.entry("TlsCaSpec.valid_for", SpecSchema::days),
            Map.entry("Rotate.overlap", SpecSchema::days));

    private final ObjectNode definitions = JSON.objectNode();

    private SpecSchema() {
    }

    /** The schema as a JSON document. */
    public static ObjectNode generate() {
        SpecSchema schema = new SpecSchema();
        ObjectNode root = JSON.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("title", "pgstate spec");
        root.put("description", "The desired state of one PostgreSQL server, as read by pgstate's agent.");
        root.setAll(schema.recordObject(Spec.class));
        root.set("definitions", schema.definitions);
        return root;
    }

    /** The schema as the jar and {@code agent schema} give it: indented JSON ending in a newline. */
    public static String text() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(generate()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema is a tree of plain nodes", e);
        }
    }

    private ObjectNode recordObject(Class<?> record) {
        ObjectNode object = JSON.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = object.putObject("properties");
        Set<String> required = requiredComponents(record);
        for (RecordComponent component : record.getRecordComponents()) {
            String key = SNAKE_CASE.translate(component.getName());
            ObjectNode field = schemaOf(component.getGenericType(), !required.contains(component.getName()));
            Consumer<ObjectNode> refinement = REFINEMENTS.get(record.getSimpleName() + "." + key);
            if (refinement != null) {
                refinement.accept(field);
                if (!required.contains(component.getName()) && field.has("enum")) {
                    ((ArrayNode) field.get("enum")).addNull();
                }
            }
            properties.set(key, field);
        }
        if (!required.isEmpty()) {
            ArrayNode names = object.putArray("required");
            required.forEach(name -> names.add(SNAKE_CASE.translate(name)));
        }
        return object;
    }

    private ObjectNode schemaOf(Type type, boolean nullable) {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (generic.getRawType() == List.class) {
                ObjectNode array = types(nullable, "array");
                array.set("items", schemaOf(arguments[0], false));
                return array;
            }
            if (generic.getRawType() == Map.class) {
                ObjectNode map = types(nullable, "object");
                map.set("additionalProperties", schemaOf(arguments[1], false));
                return map;
            }
            throw new IllegalStateException("no schema for " + type);
        }
        Class<?> kind = (Class<?>) type;
        if (kind == String.class) {
            return types(nullable, TEXT.toArray(String[]::new));
        }
        if (kind == Boolean.class) {
            return types(nullable, "boolean");
        }
        if (kind == Integer.class) {
            return types(nullable, "integer").put("minimum", Integer.MIN_VALUE).put("maximum", Integer.MAX_VALUE);
        }
        if (kind.isEnum()) {
            ArrayNode values = JSON.arrayNode();
            for (Object constant : kind.getEnumConstants()) {
                values.add(jsonName((Enum<?>) constant));
            }
            if (nullable) {
                values.addNull();
            }
            return JSON.objectNode().set("enum", values);
        }
        if (kind == PasswordSource.class) {
            return nullable(password(), nullable);
        }
        if (kind.isRecord()) {
            return nullable(reference(kind), nullable);
        }
        throw new IllegalStateException("no schema for " + type);
    }

    /** A reference to the record's definition; a record also written as a bare name takes a scalar too. */
    private ObjectNode reference(Class<?> record) {
        String name = record.getSimpleName();
        if (!definitions.has(name)) {
            definitions.putObject(name); // placeholder first: a record may refer to itself
            definitions.set(name, recordObject(record));
        }
        ObjectNode ref = JSON.objectNode().put("$ref", "#/definitions/" + name);
        if (!takesBareText(record)) {
            return ref;
        }
        ObjectNode either = JSON.objectNode();
        either.putArray("anyOf").add(types(false, TEXT.toArray(String[]::new))).add(ref);
        return either;
    }

    /** {@code none}, or a mapping naming exactly one source; iterations go with a plaintext source only. */
    private ObjectNode password() {
        ObjectNode mapping = recordObject(PasswordSourceDeserializer.Written.class);
        ArrayNode sources = mapping.putArray("oneOf");
        for (PasswordSource.Origin origin : PasswordSource.Origin.values()) {
            sources.addObject().putArray("required").add(origin.key());
        }
        ObjectNode verifier = sources.addObject();
        verifier.putArray("required").add("verifier");
        verifier.putObject("not").putArray("required").add("iterations");
        ObjectNode password = JSON.objectNode().put("description", "never the password itself: "
                + PasswordSourceDeserializer.SOURCES);
        password.putArray("anyOf").add(JSON.objectNode().set("enum", JSON.arrayNode().add("none"))).add(mapping);
        return password;
    }

    private static ObjectNode nullable(ObjectNode schema, boolean nullable) {
        if (!nullable) {
            return schema;
        }
        ObjectNode either = JSON.objectNode();
        either.putArray("anyOf").add(schema).add(JSON.objectNode().put("type", "null"));
        return either;
    }

    private static ObjectNode types(boolean nullable, String... names) {
        List<String> all = new ArrayList<>(Arrays.asList(names));
        if (nullable) {
            all.add("null");
        }
        ObjectNode schema = JSON.objectNode();
        if (all.size() == 1) {
            schema.put("type", all.get(0));
        } else {
            ArrayNode array = schema.putArray("type");
            all.forEach(array::add);
        }
        return schema;
    }

    private static void oneOf(ObjectNode field, List<String> values) {
        field.remove("type");
        ArrayNode allowed = field.putArray("enum");
        values.forEach(allowed::add);
    }

    private static void port(ObjectNode field) {
        field.put("minimum", 1).put("maximum", ServerSpec.MAX_PORT);
    }

    private static void days(ObjectNode field) {
        field.remove("type");
        field.putArray("type").add("string").add("null");
        field.put("pattern", "^" + TlsSpec.DAYS + "$");
    }

    private static String jsonName(Enum<?> constant) {
        try {
            JsonProperty name = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return name == null ? constant.name() : name.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean takesBareText(Class<?> record) {
        for (Method method : record.getDeclaredMethods()) {
            JsonCreator creator = method.getAnnotation(JsonCreator.class);
            if (creator != null && Modifier.isStatic(method.getModifiers())
                    && Arrays.equals(method.getParameterTypes(), new Class<?>[] {String.class})) {
                return true;
            }
        }
        return false;
    }

    /**
     * The components the record's constructor refuses null, found by calling it: with every component null, then
     * with a stand-in for each one it names (the records say {@code requireNonNull(name, "name")}), until it accepts.
     */
    private static Set<String> requiredComponents(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Set<String> required = new LinkedHashSet<>();
        try {
            Constructor<?> canonical = record.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            while (true) {
                try {
                    canonical.newInstance(arguments);
                    return required;
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof NullPointerException missing)) {
                        throw new IllegalStateException(record + " refuses empty components", e.getCause());
                    }
                    int index = indexOf(components, missing.getMessage());
                    if (index < 0 || !required.add(missing.getMessage())) {
                        throw new IllegalStateException(record + " does not name what it requires", missing);
                    }
                    arguments[index] = standIn(components[index].getType());
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call the constructor of " + record, e);
        }
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Object standIn(Class<?> type) {
        if (type == String.class) {
            return "";
        }
        if (type == Boolean.class) {
            return Boolean.FALSE;
        }
        if (type == Integer.class) {
            return 0;
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new IllegalStateException("no stand-in for a required " + type);
    }
}
