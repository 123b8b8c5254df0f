package dev.pgstate.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.reconcilers.core.apply.ApplyResult;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.converge.ConvergeResult;
import dev.pgstate.reconcilers.render.JsonPlanRenderer;
import java.util.List;

/**
 * What apply did, for tools: {@code {"format_version", "plan": <the plan JSON>, "result": {"outcome", "applied",
 * "failure", "failures", "rolled_back", "not_attempted", "remaining", "effects": {"reloaded", "restarted",
 * "awaiting_restart"}}}}; failure (the first of failures) and remaining are null when not applicable.
 */
final class JsonApplyReport {

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final JsonPlanRenderer plans = new JsonPlanRenderer();

    String render(ConvergeResult result) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", JsonPlanRenderer.FORMAT_VERSION);
        root.set("plan", plans.toTree(result.plan()));
        ObjectNode outcome = root.putObject("result");
        outcome.put("outcome", result.outcome().name().toLowerCase());
        ApplyResult applied = result.applied();
        addresses(outcome.putArray("applied"), applied.applied());
        outcome.set("failure", applied.failure().map(this::failure).orElse(null));
        ArrayNode failures = outcome.putArray("failures");
        applied.failures().forEach(failure -> failures.add(failure(failure)));
        addresses(outcome.putArray("rolled_back"), applied.rolledBack());
        addresses(outcome.putArray("not_attempted"), applied.notAttempted());
        outcome.set("remaining", result.remaining().map(plans::toTree).orElse(null));
        ObjectNode effects = outcome.putObject("effects");
        effects.put("reloaded", result.effects().reloaded());
        effects.put("restarted", result.effects().restarted());
        ArrayNode awaiting = effects.putArray("awaiting_restart");
        result.effects().awaitingRestart().forEach(awaiting::add);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of nodes always serializes", e);
        }
    }

    private ObjectNode failure(ApplyResult.Failure failure) {
        ObjectNode node = mapper.createObjectNode();
        node.put("address", failure.change().address().toString());
        node.put("where", failure.where());
        node.put("sqlstate", failure.error().sqlState());
        node.put("message", failure.error().message());
        node.put("detail", failure.error().detail());
        return node;
    }

    private static void addresses(ArrayNode array, List<Change> changes) {
        changes.forEach(change -> array.add(change.address().toString()));
    }
}
