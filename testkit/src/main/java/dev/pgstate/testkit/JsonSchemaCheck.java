package dev.pgstate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema draft-07 validator for the keywords the SARIF 2.1.0 schema and the spec's schema use, written for
 * the tests because the project takes no schema library. A keyword it does not know fails the check instead of
 * being skipped, so a schema that needs more than this cannot pass unchecked.
 */
public final class JsonSchemaCheck {

    private static final Set<String> ANNOTATIONS = Set.of("description", "default", "title", "$schema", "$id", "id");

    private final JsonNode root;

    public JsonSchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** Every violation, as {@code path: what}; empty when the document is valid. */
    public List<String> violations(JsonNode document) {
        List<String> out = new ArrayList<>();
        check(root, document, "$", out);
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        Iterator<Map.Entry<String, JsonNode>> keywords = schema.fields();
        while (keywords.hasNext()) {
            Map.Entry<String, JsonNode> keyword = keywords.next();
            JsonNode arg = keyword.getValue();
            switch (keyword.getKey()) {
                case "$ref" -> check(resolve(arg.asText()), value, path, out);
                case "type" -> {
                    boolean listed = false;
                    for (JsonNode type : arg.isArray() ? arg : List.of(arg)) {
                        listed |= hasType(value, type.asText());
                    }
                    if (!listed) {
                        out.add(path + ": expected " + arg + ", found " + value.getNodeType());
                    }
                }
                case "properties" -> arg.fields().forEachRemaining(p -> {
                    if (value.isObject() && value.has(p.getKey())) {
                        check(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), out);
                    }
                });
                case "additionalProperties" -> additional(schema, arg, value, path, out);
                case "required" -> arg.forEach(name -> {
                    if (value.isObject() && !value.has(name.asText())) {
                        out.add(path + ": missing required " + name.asText());
                    }
                });
                case "items" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size(); i++) {
                            check(arg, value.get(i), path + "[" + i + "]", out);
                        }
                    }
                }
                case "minItems" -> {
                    if (value.isArray() && value.size() < arg.asInt()) {
                        out.add(path + ": fewer than " + arg.asInt() + " items");
                    }
                }
                case "uniqueItems" -> {
                    if (arg.asBoolean() && value.isArray()) {
                        Set<JsonNode> seen = new HashSet<>();
                        value.forEach(item -> {
                            if (!seen.add(item)) {
                                out.add(path + ": duplicate item " + item);
                            }
                        });
                    }
                }
                case "enum" -> {
                    boolean listed = false;
                    for (JsonNode option : arg) {
                        listed |= option.equals(value);
                    }
                    if (!listed) {
                        out.add(path + ": " + value + " is not one of " + arg);
                    }
                }
                case "minimum" -> {
                    if (value.isNumber() && value.asDouble() < arg.asDouble()) {
                        out.add(path + ": below minimum " + arg);
                    }
                }
                case "maximum" -> {
                    if (value.isNumber() && value.asDouble() > arg.asDouble()) {
                        out.add(path + ": above maximum " + arg);
                    }
                }
                case "pattern" -> {
                    if (value.isTextual() && !Pattern.compile(arg.asText()).matcher(value.asText()).find()) {
                        out.add(path + ": does not match " + arg.asText());
                    }
                }
                case "format" -> format(arg.asText(), value, path, out);
                case "anyOf", "oneOf" -> {
                    int passing = 0;
                    List<String> closest = null;
                    for (JsonNode option : arg) {
                        List<String> sub = new ArrayList<>();
                        check(option, value, path, sub);
                        passing += sub.isEmpty() ? 1 : 0;
                        closest = closest == null || sub.size() < closest.size() ? sub : closest;
                    }
                    boolean ok = keyword.getKey().equals("anyOf") ? passing > 0 : passing == 1;
                    if (!ok) {
                        // the nearest alternative's own violations say more than the count
                        out.add(path + ": " + passing + " of the " + keyword.getKey() + " alternatives pass"
                                + (passing == 0 ? ", the closest because " + closest : ""));
                    }
                }
                case "not" -> {
                    List<String> sub = new ArrayList<>();
                    check(arg, value, path, sub);
                    if (sub.isEmpty()) {
                        out.add(path + ": matches " + arg + ", which is not allowed");
                    }
                }
                case "definitions" -> { }
                default -> {
                    if (!ANNOTATIONS.contains(keyword.getKey())) {
                        throw new IllegalStateException("schema keyword " + keyword.getKey() + " is not checked");
                    }
                }
            }
        }
    }

    private void additional(JsonNode schema, JsonNode arg, JsonNode value, String path, List<String> out) {
        if (!value.isObject()) {
            return;
        }
        JsonNode declared = schema.path("properties");
        value.fields().forEachRemaining(field -> {
            if (declared.has(field.getKey())) {
                return;
            }
            if (arg.isBoolean() && !arg.asBoolean()) {
                out.add(path + ": property " + field.getKey() + " is not allowed");
            } else if (arg.isObject()) {
                check(arg, field.getValue(), path + "." + field.getKey(), out);
            }
        });
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException("only local references are supported: " + ref);
        }
        return root.at(ref.substring(1));
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static void format(String format, JsonNode value, String path, List<String> out) {
        if (!value.isTextual()) {
            return;
        }
        String text = value.asText();
        try {
            switch (format) {
                case "uri" -> {
                    if (!new URI(text).isAbsolute()) {
                        out.add(path + ": not an absolute URI: " + text);
                    }
                }
                case "uri-reference" -> new URI(text);
                case "date-time" -> OffsetDateTime.parse(text);
                default -> throw new IllegalStateException("format " + format + " is not checked");
            }
        } catch (URISyntaxException | DateTimeParseException e) {
            out.add(path + ": not a valid " + format + ": " + text);
        }
    }
}
