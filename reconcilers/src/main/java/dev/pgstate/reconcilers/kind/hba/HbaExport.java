package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaFile;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaLine;
import dev.pgstate.reconcilers.conf.HbaOption;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import dev.pgstate.reconcilers.core.plan.Findings;
import dev.pgstate.reconcilers.core.plan.KindState;
import dev.pgstate.reconcilers.core.plan.PlanContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live pg_hba.conf as the spec's rules, for an export: {@code whole-file}, since the planner leaves a file whose
 * every line is a rule, a comment or blank as it is when its rules mean the spec's, so the exported spec adopts the
 * file without rewriting it (a managed block would move the rules into a new block). The comment lines right above a
 * rule (no blank line between) and a comment at the end of its line become the rule's {@code comment}; include
 * directives, lines the server rejects and comments that belong to no rule cannot be said in a spec and are named
 * in {@link #notExported()}. Export only: pg_hba.conf is planned from the live state (see {@code HbaPlanner}).
 */
public record HbaExport(HbaSpec hba, List<String> notExported) implements KindState {

    public HbaExport {
        notExported = List.copyOf(notExported);
    }

    /** pg_hba.conf could not be read (the agent is not on the server's box): no hba section, and the reason. */
    static HbaExport unreadable(String reason) {
        return new HbaExport(null, List.of("pg_hba.conf: " + reason));
    }

    /** {@code text}, read from {@code path}, with the grammar of the server that reads it. */
    static HbaExport of(Path path, String text, HbaGrammar grammar) {
        HbaFile file = new HbaFileParser(grammar, ConfFiles.disk()).parse(path, text);
        List<HbaRuleSpec> rules = new ArrayList<>();
        List<String> notExported = new ArrayList<>();
        List<String> above = new ArrayList<>();
        int loose = 0;
        for (HbaLine line : file.lines()) {
            HbaEntry entry = line.entry();
            Optional<HbaRule> rule = HbaLayout.ruleOf(line);
            if (rule.isPresent()) {
                List<String> comment = new ArrayList<>(above);
                trailingComment(line.raw()).ifPresent(comment::add);
                rules.add(spec(rule.get(), comment.isEmpty() ? null : String.join(" ", comment)));
                above.clear();
                continue;
            }
            if (entry instanceof HbaEntry.Include include) {
                notExported.add(file.path() + ":" + line.number() + ": " + include.kind().keyword() + " "
                        + include.target() + ": a spec's rules cannot include files; the rules it includes are not"
                        + " exported, and applying the exported spec (whole-file) would remove the line");
            } else if (entry instanceof HbaEntry.Invalid) {
                notExported.add(file.describe(line) + ": the server rejects this line; it is not exported");
            } else if (!line.raw().isBlank()) {
                commentLine(line.raw()).ifPresent(above::add);
                continue;
            }
            // a blank line, like any other line that is no rule, parts the comments above it from the next rule
            loose += above.size();
            above.clear();
        }
        loose += above.size();
        if (loose > 0) {
            notExported.add(file.path() + ": " + loose + " comment line" + (loose == 1 ? "" : "s")
                    + " not directly above a rule (a spec keeps a comment only with its rule)");
        }
        return new HbaExport(new HbaSpec(HbaSpec.WHOLE_FILE, null, rules, null), notExported);
    }

    @Override
    public void plan(PlanContext context, Findings findings) {
        // planned from the live state by HbaPlanner; this state only exports
    }

    @Override
    public Spec export(Spec exported) {
        return hba == null ? exported : exported.toBuilder().hba(hba).build();
    }

    private static HbaRuleSpec spec(HbaRule rule, String comment) {
        Map<String, String> options = new LinkedHashMap<>();
        for (HbaOption option : rule.options()) {
            options.put(option.name(), option.value());
        }
        return HbaRuleSpec.builder(rule.type().keyword(), rule.method()).databases(names(rule.databases()))
                .users(names(rule.users())).address(rule.address() == null ? null : rule.address().written())
                .options(options).comment(comment).build();
    }

    /**
     * As the spec takes names: a quoted token in pg_hba.conf's own syntax ({@code "all"}, the database named all),
     * which the writer keeps as it is; any other as its plain text, which the writer quotes where it must.
     */
    private static List<String> names(List<HbaToken> tokens) {
        return tokens.stream().map(token -> token.quoted() ? token.written() : token.text()).toList();
    }

    /**
     * The text of a comment line, control characters (a tab) made blanks as a spec's comment must have none; empty
     * for a blank line and for the agent's own block markers, which are no one's comment.
     */
    private static Optional<String> commentLine(String raw) {
        String text = raw.strip();
        if (!text.startsWith("#") || text.startsWith(HbaLayout.BEGIN_PREFIX) || text.equals(HbaLayout.END)) {
            return Optional.empty();
        }
        return cleaned(text.substring(1));
    }

    /** A comment after a rule on its own line: from the first {@code #} outside double quotes. */
    private static Optional<String> trailingComment(String raw) {
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return cleaned(raw.substring(i + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> cleaned(String comment) {
        String text = comment.replaceAll("\\p{Cc}", " ").strip();
        while (text.startsWith("#")) {
            text = text.substring(1).strip();
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
