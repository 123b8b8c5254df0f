package dev.pgstate.reconcilers.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Risk;

/**
 * The plan for tools, in the stable shape documented in the README ({@code format_version} 1). Sensitive
 * values are {@code null} with {@code "sensitive": true}.
 */
public final class JsonPlanRenderer {

    public static final String FORMAT_VERSION = "1";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(Plan plan) {
        try {
            return mapper.writeValueAsString(toTree(plan)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan tree always serializes", e);
        }
    }

    public ObjectNode toTree(Plan plan) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("changes_pending", plan.hasChanges());
        ArrayNode changes = root.putArray("changes");
        plan.changes().forEach(change -> changes.add(change(change)));
        ArrayNode manual = root.putArray("manual_actions");
        plan.manualActions().forEach(action -> manual.add(manualAction(action)));
        ArrayNode unmanaged = root.putArray("unmanaged");
        plan.unmanaged().forEach(address -> unmanaged.add(address(address)));
        ArrayNode drift = root.putArray("unmanaged_drift");
        plan.drift().forEach(object -> drift.add(address(object.address()).put("superuser", object.superuser())));
        ArrayNode warnings = root.putArray("warnings");
        plan.warnings().forEach(warning -> warnings.add(address(warning.address()).put("message", warning.message())));
        ObjectNode summary = root.putObject("summary");
        summary.put("add", plan.count(Action.Tally.ADD));
        summary.put("change", plan.count(Action.Tally.CHANGE));
        summary.put("destroy", plan.count(Action.Tally.DESTROY));
        summary.put("unmanaged", plan.unmanaged().size());
        summary.put("manual_actions", plan.manualActions().size());
        ArrayNode risks = root.putArray("risks");
        plan.risks().forEach(risk -> risks.add(risk.label()));
        ArrayNode effects = root.putArray("effects");
        plan.effects().forEach(effect -> effects.add(effect.label()));
        return root;
    }

    private ObjectNode address(Address address) {
        ObjectNode node = mapper.createObjectNode();
        node.put("address", address.toString());
        node.put("kind", address.kind().label());
        ArrayNode names = node.putArray("names");
        address.names().forEach(names::add);
        return node;
    }

    private ObjectNode change(Change change) {
        ObjectNode node = address(change.address());
        node.put("action", change.action().name().toLowerCase());
        ArrayNode attributes = node.putArray("attributes");
        for (AttributeChange<?> attribute : change.attributes()) {
            ObjectNode item = attributes.addObject();
            item.put("name", attribute.name());
            item.set("before", attribute.sensitive() ? null : mapper.valueToTree(attribute.before()));
            item.set("after", attribute.sensitive() ? null : mapper.valueToTree(attribute.after()));
            item.put("sensitive", attribute.sensitive());
        }
        ArrayNode risks = node.putArray("risks");
        change.risks().stream().sorted().map(Risk::label).forEach(risks::add);
        node.put("effect", change.effect().label());
        node.put("reason", change.reason());
        return node;
    }

    private ObjectNode manualAction(ManualAction action) {
        ObjectNode node = address(action.address());
        node.put("attribute", action.attribute());
        node.set("expected", mapper.valueToTree(action.expected()));
        node.set("found", mapper.valueToTree(action.found()));
        node.put("reason", action.reason());
        return node;
    }
}
