package dev.pgstate.reconcilers.render;

import dev.pgstate.model.text.Printable;
import dev.pgstate.reconcilers.core.plan.Action;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.ManualAction;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.core.plan.Risk;
import dev.pgstate.reconcilers.core.plan.UnmanagedObject;
import dev.pgstate.reconcilers.core.plan.Warning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan for people, in Terraform's tone: a legend of the symbols used, one block per change headed in
 * words, attributes as {@code ~ name = before -> after}, then manual actions, unmanaged objects and a
 * summary line. A plan without changes says so in words.
 */
public final class TextPlanRenderer {

    public String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        legend(plan, out);
        if (plan.hasChanges()) {
            out.append("pgstate will perform the following actions:\n\n");
            plan.changes().forEach(change -> change(change, out));
        } else if (plan.manualActions().isEmpty()) {
            out.append("No changes. The server matches the spec.\n\n");
        } else {
            // the server does not match: what differs is for a person to do
            out.append("No changes the agent can make; ").append(needManualAction(plan)).append(".\n\n");
        }
        manualActions(plan.manualActions(), out);
        warnings(plan.warnings(), out);
        unmanaged(plan, out);
        out.append(summary(plan)).append('\n');
        return out.toString();
    }

    /** The closing line, also used by apply and the daemon. */
    public String summary(Plan plan) {
        StringBuilder line = new StringBuilder("Plan: ")
                .append(plan.count(Action.Tally.ADD)).append(" to add, ")
                .append(plan.count(Action.Tally.CHANGE)).append(" to change, ")
                .append(plan.count(Action.Tally.DESTROY)).append(" to destroy");
        line.append("; ").append(plan.unmanaged().size()).append(" unmanaged, ").append(needManualAction(plan))
                .append('.');
        if (!plan.effects().isEmpty()) {
            line.append(" Afterwards: ").append(plan.effects().stream().map(e -> e.label())
                    .collect(Collectors.joining(", "))).append('.');
        }
        return line.toString();
    }

    private static String needManualAction(Plan plan) {
        int count = plan.manualActions().size();
        return count + (count == 1 ? " needs" : " need") + " manual action";
    }

    private static void legend(Plan plan, StringBuilder out) {
        Map<String, String> used = new LinkedHashMap<>();
        for (Action action : Action.values()) {
            if (plan.changes().stream().anyMatch(c -> c.action() == action)) {
                used.merge(action.symbol(), action.name().toLowerCase(), (a, b) -> a + "/" + b);
            }
        }
        if (!plan.manualActions().isEmpty()) {
            used.put("!", "needs manual action");
        }
        if (used.isEmpty()) {
            return;
        }
        out.append("Symbols: ").append(used.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))).append("\n\n");
    }

    private static void change(Change change, StringBuilder out) {
        out.append("  # ").append(change.address()).append(' ').append(change.action().verbPhrase());
        if (!change.risks().isEmpty()) {
            out.append(" [").append(change.risks().stream().sorted().map(Risk::label)
                    .collect(Collectors.joining(", "))).append(']');
        }
        out.append("\n  #   (").append(Printable.escape(change.reason())).append(")\n");
        out.append("  ").append(change.action().symbol()).append(' ').append(change.address());
        List<? extends AttributeChange<?>> attributes = change.attributes();
        if (attributes.isEmpty()) {
            out.append("\n\n");
            return;
        }
        if (attributes.stream().allMatch(a -> a.attribute().listElement())) {
            rules(attributes, out);
            return;
        }
        out.append(" {\n");
        int width = attributes.stream().mapToInt(a -> a.name().length()).max().orElse(0);
        for (AttributeChange<?> attribute : attributes) {
            out.append("      ");
            String name = String.format("%-" + width + "s", attribute.name());
            if (attribute.before() == null) {
                out.append("+ ").append(name).append(" = ").append(Values.after(attribute));
            } else if (attribute.after() == null) {
                out.append("- ").append(name).append(" = ").append(Values.before(attribute));
            } else {
                out.append("~ ").append(name).append(" = ").append(Values.before(attribute))
                        .append(" -> ").append(Values.after(attribute));
            }
            out.append('\n');
        }
        out.append("    }\n\n");
    }

    /**
     * pg_hba.conf's rules are an ordered list, not attributes with values: each inserted, removed or moved rule is
     * an element, as Terraform shows list elements, with where it is as a note; rules that keep their order are
     * not listed.
     */
    private static void rules(List<? extends AttributeChange<?>> rules, StringBuilder out) {
        out.append(" [\n");
        int width = rules.stream().mapToInt(rule -> Printable.escape(rule.name()).length()).max().orElse(0);
        for (AttributeChange<?> rule : rules) {
            String text = String.format("%-" + width + "s", Printable.escape(rule.name()));
            if (rule.before() == null) {
                out.append("      + ").append(text).append("  # new, ").append(rule.after());
            } else if (rule.after() == null) {
                out.append("      - ").append(text).append("  # removed, was ").append(rule.before());
            } else {
                out.append("      ~ ").append(text).append("  # moved from ").append(rule.before())
                        .append(" to ").append(rule.after());
            }
            out.append('\n');
        }
        out.append("    ]\n\n");
    }

    private static void manualActions(List<ManualAction> actions, StringBuilder out) {
        if (actions.isEmpty()) {
            return;
        }
        out.append("Needs manual action (the agent will not do these):\n\n");
        for (ManualAction action : actions) {
            out.append("  ! ").append(action.address()).append(": ").append(action.attribute())
                    .append(" is ").append(Values.show(action.found()))
                    .append(", the spec wants ").append(Values.show(action.expected())).append('\n')
                    .append("      ").append(Printable.escape(action.reason())).append("\n");
        }
        out.append('\n');
    }

    private static void warnings(List<Warning> warnings, StringBuilder out) {
        if (warnings.isEmpty()) {
            return;
        }
        out.append("Warnings:\n");
        warnings.forEach(w -> out.append("  ").append(w.address()).append(": ").append(Printable.escape(w.message())).append('\n'));
        out.append('\n');
    }

    private static void unmanaged(Plan plan, StringBuilder out) {
        if (plan.unmanaged().isEmpty()) {
            return;
        }
        out.append("Unmanaged (on the server, not in the spec; left alone):\n");
        List<Address> drift = plan.drift().stream().map(UnmanagedObject::address).toList();
        plan.unmanaged().forEach(address -> out.append("    ").append(address)
                .append(drift.contains(address) ? "  (drift under the spec's unmanaged policy)" : "").append('\n'));
        out.append('\n');
    }
}
