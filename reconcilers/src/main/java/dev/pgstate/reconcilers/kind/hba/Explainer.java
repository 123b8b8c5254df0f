package dev.pgstate.reconcilers.kind.hba;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaEntry;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import dev.pgstate.reconcilers.core.plan.PlanningException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one engine behind {@code explain} and lockout protection: reads a pg_hba.conf (with its includes and
 * {@code @file}s) with one version's grammar, refuses a file the server would refuse, and otherwise evaluates
 * it first-match as the server does. Live, the facts come from the server; offline, from the caller.
 */
public final class Explainer {

    private final HbaFileParser parser;
    private final HbaMatcher matcher;

    public Explainer(HbaGrammar grammar, RoleGraph roles, HostInterfaces interfaces, HostNames hostNames) {
        this.parser = new HbaFileParser(grammar, ConfFiles.disk());
        this.matcher = new HbaMatcher(grammar, roles, interfaces, hostNames);
    }

    /** With what the agent read from the server: its grammar and SSL setting, its roles, the box's interfaces. */
    public static Explainer of(LiveHba hba, RoleGraph roles, HostNames hostNames) {
        return new Explainer(hba.grammar(), roles, hba.interfaces(), hostNames);
    }

    public HbaTree load(Path file, String text) {
        return HbaTree.load(parser, parser.parse(file, text));
    }

    public Explanation explain(Path file, String text, HbaClient client) {
        return explain(load(file, text), client);
    }

    public Explanation explain(HbaTree tree, HbaClient client) {
        List<HbaTree.Located> fatal = invalid(tree, true);
        List<HbaTree.Located> warnings = invalid(tree, false);
        return new Explanation(fatal, warnings,
                fatal.isEmpty() ? Optional.of(matcher.evaluate(tree, client)) : Optional.empty());
    }

    /**
     * The file {@code spec} would write in place of the live one.
     *
     * @throws PlanningException when the spec's rules do not fit this server, as plan would report them
     */
    public String textFor(HbaSpec spec, LiveHba hba) {
        SpecRules.Result rules = SpecRules.parse(spec.rules(), parser, hba.file());
        if (!rules.problems().isEmpty()) {
            throw new PlanningException(rules.problems());
        }
        try {
            return HbaLayout.of(spec).render(parser, parser.parse(hba.file(), hba.text()), rules.rules());
        } catch (HbaLayout.MalformedBlock | HbaLayout.UnfaithfulText e) {
            throw new PlanningException(List.of(e.getMessage()));
        }
    }

    private static List<HbaTree.Located> invalid(HbaTree tree, boolean fatal) {
        return tree.lines().stream()
                .filter(line -> line.entry() instanceof HbaEntry.Invalid invalid && invalid.fatal() == fatal)
                .toList();
    }
}
