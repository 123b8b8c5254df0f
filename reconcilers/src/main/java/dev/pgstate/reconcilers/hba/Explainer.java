package dev.pgstate.reconcilers.hba;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.ConfFiles;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaFileParser;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.live.LiveHba;
import dev.pgstate.reconcilers.live.LiveState;
import dev.pgstate.reconcilers.plan.PlanningException;
import java.util.List;

/**
 * Which rule a connection meets in the live pg_hba.conf, or in the file a spec would write: the same layout and
 * checks as planning, then the server's first-match evaluation with live memberships and the box's interfaces.
 */
public final class Explainer {

    public Verdict explain(LiveState live, HbaSpec spec, HbaClient client) {
        LiveHba hba = live.hba();
        HbaFileParser parser = new HbaFileParser(hba.grammar(), ConfFiles.disk());
        String text = spec == null ? hba.text() : textFor(spec, parser, hba);
        HbaTree tree = HbaTree.load(parser, parser.parse(hba.file(), text));
        return new HbaMatcher(hba.grammar(), new RoleGraph(live.memberships()), hba.interfaces()).evaluate(tree, client);
    }

    /** @throws PlanningException when the spec's rules do not fit this server, as plan would report them */
    private static String textFor(HbaSpec spec, HbaFileParser parser, LiveHba hba) {
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
}
