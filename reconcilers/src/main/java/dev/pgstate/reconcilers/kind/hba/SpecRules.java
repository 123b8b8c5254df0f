package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.HbaRuleSpec;
import dev.pgstate.model.text.Printable;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaLine;
import dev.pgstate.reconcilers.conf.HbaOption;
import dev.pgstate.reconcilers.conf.HbaRule;
import dev.pgstate.reconcilers.conf.HbaToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the spec's rules into pg_hba.conf rules for this server's version: each is written as a line and read
 * back with the server's grammar, so what the agent writes is what it checked. What the version would reject,
 * or silently read as something else, is a problem naming the rule and the version.
 */
public final class SpecRules {

    /** The rules in order, or every problem found (then no rules). */
    public record Result(List<OwnedRule> rules, List<String> problems) {
        public Result {
            rules = List.copyOf(rules);
            problems = List.copyOf(problems);
        }
    }

    private SpecRules() {
    }

    public static Result parse(List<HbaRuleSpec> specs, HbaFileParser parser, Path file) {
        List<OwnedRule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            HbaRuleSpec spec = specs.get(i);
            String at = "hba.rules[" + i + "]: ";
            Optional<String> versionProblem = versionProblem(spec, parser.grammar());
            if (versionProblem.isPresent()) {
                problems.add(at + versionProblem.get());
                continue;
            }
            String written = line(spec);
            List<HbaLine> lines = parser.parse(file, written).lines();
            Optional<String> unfaithful = unfaithful(spec, written, lines);
            if (unfaithful.isPresent()) {
                problems.add(at + unfaithful.get());
                continue;
            }
            HbaLine line = lines.get(0);
            if (line.entry() instanceof HbaRule rule) {
                rules.add(new OwnedRule(rule, spec.comment()));
            } else if (line.entry() instanceof HbaEntry.Invalid invalid && !invalid.fatal()) {
                rules.add(new OwnedRule(invalid.rule(), spec.comment())); // loads with a warning, e.g. hostssl while ssl = off
            } else if (line.entry() instanceof HbaEntry.Invalid invalid) {
                problems.add(at + invalid.message() + " (PostgreSQL " + parser.grammar().major() + ")");
            } else {
                problems.add(at + "\"" + line(spec).strip() + "\" is not a rule");
            }
        }
        return problems.isEmpty() ? new Result(rules, List.of()) : new Result(List.of(), problems);
    }

    /** The spec rule as a pg_hba.conf line. */
    static String line(HbaRuleSpec spec) {
        Stream<String> options = options(spec).stream().map(HbaOption::written);
        return Stream.of(Stream.of(spec.type(), names(spec.databases()), names(spec.users())),
                        Stream.ofNullable(spec.address()), Stream.of(spec.method()), options)
                .flatMap(s -> s).collect(Collectors.joining(" ")) + "\n";
    }

    /**
     * The names as pg_hba.conf needs them: one that starts with a double quote is taken as written in pg_hba.conf's
     * own syntax ({@code "all"}, the database named all); any other is quoted where a blank, comma, quote or
     * {@code #} would cut it, a {@code +} (group) or {@code @} (file) staying outside the quotes.
     */
    static String names(List<String> names) {
        return names.stream().map(name -> name.startsWith("\"") ? name : HbaToken.plain(name).written())
                .collect(Collectors.joining(","));
    }

    /**
     * Why the written line would not be read back as the spec's rule: a line break or a trailing backslash (16+
     * joins the next line) in a value would cut it, or write more than the rule. Validation refuses control
     * characters before this; here the writer checks its own output, so no field can slip through.
     */
    private static Optional<String> unfaithful(HbaRuleSpec spec, String written, List<HbaLine> lines) {
        String line = " (" + Printable.escape(written.strip()) + ")";
        if (lines.size() != 1) {
            return Optional.of("the rule's line would be read back as " + lines.size() + " lines" + line);
        }
        HbaRule rule = lines.get(0).entry() instanceof HbaEntry.Invalid invalid ? invalid.rule()
                : lines.get(0).entry() instanceof HbaRule parsed ? parsed : null;
        if (rule != null && !rule.options().equals(options(spec))) {
            return Optional.of("the rule's line would be read back with options "
                    + Printable.escape(rule.options().toString()) + line);
        }
        return Optional.empty();
    }

    private static List<HbaOption> options(HbaRuleSpec spec) {
        return spec.options().entrySet().stream().map(e -> new HbaOption(e.getKey(), e.getValue())).toList();
    }

    /** What this version lacks or reads differently from what the spec means. */
    private static Optional<String> versionProblem(HbaRuleSpec spec, HbaGrammar grammar) {
        int major = grammar.major();
        if (spec.type().startsWith("hostgssenc") || spec.type().startsWith("hostnogssenc")) {
            if (major < 12) {
                return Optional.of("\"" + spec.type() + "\" needs PostgreSQL 12 or later; this server is " + major);
            }
        }
        if (spec.method().equals("oauth") && major < 18) {
            return Optional.of("method oauth needs PostgreSQL 18 or later; this server is " + major);
        }
        boolean regex = Stream.concat(spec.databases().stream(), spec.users().stream()).anyMatch(n -> n.startsWith("/"));
        if (regex && major < 16) {
            return Optional.of("regular expressions (/...) in databases or users need PostgreSQL 16 or later; "
                    + "PostgreSQL " + major + " would take them for names that start with a slash");
        }
        String clientcert = spec.options().get("clientcert");
        if (major == 11 && clientcert != null && !clientcert.equals("1") && !clientcert.equals("0")) {
            return Optional.of("PostgreSQL 11 reads clientcert=" + clientcert + " as off (it knows only 1 and 0);"
                    + " write clientcert: \"1\" to require a client certificate");
        }
        return Optional.empty();
    }
}
