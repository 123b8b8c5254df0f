package dev.pgstate.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A box's plan (its {@code agent plan --format json}) as one line per difference, worded so that the same difference
 * on two boxes is the same line: {@code role.admin createrole true → false}. The grouped view counts boxes per line.
 */
public final class ChangeLines {

    private ChangeLines() {
    }

    /** The manual actions of one plan: what only a person can do. */
    static List<String> manualActions(JsonNode plan) {
        List<String> lines = new ArrayList<>();
        for (JsonNode manual : plan.path("manual_actions")) {
            lines.add(manual.path("address").asText() + " " + manual.path("attribute").asText() + " needs manual "
                    + "action: expected " + manual.path("expected") + ", found " + manual.path("found"));
        }
        return lines;
    }

    /** Every pending change attribute, unmanaged object and manual action of one plan. */
    public static List<String> of(JsonNode plan) {
        List<String> lines = new ArrayList<>();
        for (JsonNode change : plan.path("changes")) {
            String address = change.path("address").asText();
            String action = change.path("action").asText();
            if (!"alter".equals(action)) {
                lines.add(address + " will be " + switch (action) {
                    case "create" -> "created";
                    case "grant" -> "granted";
                    case "revoke" -> "revoked";
                    case "drop" -> "dropped";
                    default -> action;
                });
                continue;
            }
            for (JsonNode attribute : change.path("attributes")) {
                lines.add(address + " " + attribute.path("name").asText() + " " + value(attribute, "before") + " → "
                        + value(attribute, "after"));
            }
        }
        lines.addAll(manualActions(plan));
        for (JsonNode unmanaged : plan.path("unmanaged")) {
            lines.add(unmanaged.path("address").asText() + " is not in the spec (unmanaged)");
        }
        return lines;
    }

    /** Each line of the boxes' plans with the boxes it appears on, most widespread first, then by line. */
    public static Map<String, List<String>> grouped(List<BoxResult> results) {
        Map<String, List<String>> boxesByLine = new TreeMap<>();
        for (BoxResult result : results) {
            result.plan().ifPresent(plan -> of(plan).stream().distinct().forEach(line ->
                    boxesByLine.computeIfAbsent(line, key -> new ArrayList<>()).add(result.box().name())));
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        boxesByLine.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
                .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return ordered;
    }

    private static String value(JsonNode attribute, String side) {
        if (attribute.path("sensitive").asBoolean()) {
            return "(sensitive)";
        }
        JsonNode value = attribute.path(side);
        return value.isNull() || value.isMissingNode() ? "(none)" : value.isTextual() ? value.asText() : value.toString();
    }
}
