package dev.pgstate.agent.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The end of a push, rendered: a table (with the pending changes and their grouped view) or JSON, one record a box. */
public final class PushReport {

    public static final String FORMAT_VERSION = "1";

    private final List<BoxResult> results;
    private final BoxPush.Mode mode;

    public PushReport(List<BoxResult> results, BoxPush.Mode mode) {
        this.results = List.copyOf(results);
        this.mode = mode;
    }

    public Map<BoxResult.Status, Long> counts() {
        Map<BoxResult.Status, Long> counts = new EnumMap<>(BoxResult.Status.class);
        Arrays.stream(BoxResult.Status.values()).forEach(status -> counts.put(status, 0L));
        results.forEach(result -> counts.merge(result.status(), 1L, Long::sum));
        return counts;
    }

    /** {@code 3 boxes: 1 converged, 1 changed, ...}: every status, so scripts and people find each count. */
    public String summaryLine() {
        return results.size() + (results.size() == 1 ? " box: " : " boxes: ") + counts().entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey().label()).collect(Collectors.joining(", "));
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        if (mode == BoxPush.Mode.PLAN_ONLY) {
            pending(out);
        }
        int nameWidth = Math.max(3, results.stream().mapToInt(result -> result.box().name().length()).max().orElse(0));
        String row = "%-" + nameWidth + "s  %-11s  %7s  %7s  %s";
        String changes = mode == BoxPush.Mode.PLAN_ONLY ? "PENDING" : "APPLIED";
        out.append(String.format(row, "BOX", "STATUS", changes, "TIME", "CAUSE").stripTrailing()).append('\n');
        for (BoxResult result : results) {
            int count = mode == BoxPush.Mode.PLAN_ONLY ? result.plannedChanges() : result.appliedChanges();
            out.append(String.format(Locale.ROOT, row, result.box().name(), result.status().label(),
                    result.plan().isPresent() ? String.valueOf(count) : "-",
                    String.format(Locale.ROOT, "%.1fs", result.took().toMillis() / 1000.0),
                    result.error().orElse("")).stripTrailing()).append('\n');
        }
        out.append("Push").append(mode == BoxPush.Mode.PLAN_ONLY ? " (plan only)" : "").append(": ")
                .append(summaryLine()).append(".\n");
        return out.toString();
    }

    /** Each box's pending differences, then the same difference across boxes. */
    private void pending(StringBuilder out) {
        for (BoxResult result : results) {
            result.plan().ifPresent(plan -> {
                List<String> lines = ChangeLines.of(plan);
                if (!lines.isEmpty()) {
                    out.append(result.box().name()).append(":\n");
                    lines.forEach(line -> out.append("  ").append(line).append('\n'));
                }
            });
        }
        Map<String, List<String>> grouped = ChangeLines.grouped(results);
        if (grouped.isEmpty()) {
            // a box that could not be planned (unreachable, failed) is not known to match the spec
            long unplanned = results.stream().filter(result -> result.plan().isEmpty()).count();
            out.append(unplanned == 0 ? "No box differs from the spec.\n\n"
                    : "No box planned differs from the spec; " + unplanned + (unplanned == 1 ? " box was" : " boxes were")
                    + " not planned.\n\n");
            return;
        }
        out.append("\nThe same difference across boxes:\n");
        grouped.forEach((line, boxes) -> out.append("  ").append(line).append(" on ").append(boxes.size())
                .append(boxes.size() == 1 ? " box (" : " boxes (").append(String.join(", ", boxes)).append(")\n"));
        out.append('\n');
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode boxes = root.putArray("boxes");
        for (BoxResult result : results) {
            ObjectNode box = boxes.addObject();
            box.put("name", result.box().name());
            box.put("host", result.box().host());
            box.put("port", result.box().port());
            ArrayNode groups = box.putArray("groups");
            result.box().groups().forEach(groups::add);
            box.put("status", result.status().name().toLowerCase(Locale.ROOT));
            box.put("agent_version", result.agentVersion().orElse(null));
            box.put("attempts", result.attempts());
            box.put("seconds", result.took().toMillis() / 1000.0);
            ArrayNode steps = box.putArray("steps");
            result.steps().forEach(step -> steps.addObject().put("step", step.step())
                    .put("seconds", step.took().toMillis() / 1000.0));
            box.put("error", result.error().orElse(null));
            box.set("plan", result.plan().orElse(null));
            box.set("apply", result.apply().orElse(null));
        }
        ArrayNode groups = root.putArray("grouped_differences");
        ChangeLines.grouped(results).forEach((line, names) -> {
            ObjectNode group = groups.addObject();
            group.put("difference", line);
            ArrayNode list = group.putArray("boxes");
            names.forEach(list::add);
        });
        ObjectNode summary = root.putObject("summary");
        counts().forEach((status, count) -> summary.put(status.name().toLowerCase(Locale.ROOT), count));
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of nodes always serializes", e);
        }
    }
}
