package dev.pgstate.reconcilers.facade;

import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import dev.pgstate.reconcilers.kind.hba.Explainer;
import dev.pgstate.reconcilers.kind.hba.Explanation;
import dev.pgstate.reconcilers.kind.hba.HbaReader;
import dev.pgstate.reconcilers.kind.hba.HostNames;
import dev.pgstate.reconcilers.kind.hba.LiveHba;
import dev.pgstate.reconcilers.kind.hba.RoleGraph;
import dev.pgstate.reconcilers.kind.hba.Verdict;
import dev.pgstate.reconcilers.kind.membership.MembershipState;
import dev.pgstate.reconcilers.kind.role.RoleState;
import dev.pgstate.reconcilers.render.ExplanationRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Explain's two ways: against the live server's pg_hba.conf (or the one a spec would write there), or a file alone. */
final class HbaExplaining {

    private HbaExplaining() {
    }

    /** @param written a spec's hba section, to evaluate the file it would write instead, and the spec's name */
    static Explained live(Server server, ExplainQuery query, Optional<HbaSpec> written, String specName)
            throws SQLException {
        LiveState live;
        LiveHba file;
        try (Connection session = server.connector().connect()) {
            live = new LiveStateReader().read(session);
            file = new HbaReader().read(session);
        }
        checkGssenc(query, file.grammar());
        Explainer explainer = Explainer.of(file,
                RoleGraph.of(RoleState.liveIn(live.kinds()), MembershipState.liveIn(live.kinds())), hostNames(query));
        String text = written.map(hba -> explainer.textFor(hba, file)).orElse(file.text());
        HbaTree tree = explainer.load(file.file(), text);
        Explanation explanation = explainer.explain(tree, query.client());
        String source = written.map(hba -> file.file() + " as " + specName + " would write it")
                .orElse(file.file().toString());
        String notice = written.isPresent() ? "" : notLoadedYet(tree, file.confLoadTime())
                .map(line -> line + System.lineSeparator()).orElse("");
        return explained(explanation, notice + new ExplanationRenderer().render(explanation, source));
    }

    static Explained offline(Path hbaFile, OfflineServer server, ExplainQuery query) {
        checkGssenc(query, server.grammar());
        Path file = hbaFile.toAbsolutePath();
        String text = HbaReader.readText(file);
        Explainer explainer = new Explainer(server.grammar(), roles(query.user(), server.groupsOf()),
                HostInterfaces.ofThisBox(), hostNames(query));
        Explanation explanation = explainer.explain(file, text, query.client());
        return explained(explanation, new ExplanationRenderer().render(explanation, file.toString()));
    }

    private static Explained explained(Explanation explanation, String text) {
        if (explanation.refused()) {
            return new Explained(text, Explained.Outcome.FILE_REFUSED);
        }
        Verdict verdict = explanation.verdict().orElseThrow();
        if (verdict.undecided().isPresent()) {
            return new Explained(text, Explained.Outcome.UNDECIDED);
        }
        return new Explained(text, verdict.letsIn() ? Explained.Outcome.ALLOWED : Explained.Outcome.REFUSED);
    }

    private static HostNames hostNames(ExplainQuery query) {
        return query.resolveNames() ? HostNames.system() : HostNames.none();
    }

    /** The user explained and every role named in {@code groupsOf} exist. */
    private static RoleGraph roles(String user, Map<String, Set<String>> groupsOf) {
        Set<String> roles = new HashSet<>(Set.of(user));
        groupsOf.forEach((member, groups) -> {
            roles.add(member);
            roles.addAll(groups);
        });
        return new RoleGraph(roles, groupsOf);
    }

    private static void checkGssenc(ExplainQuery query, HbaGrammar grammar) {
        if (query.gssenc() && grammar.major() < 12) {
            throw new ExplainQuery.Unanswerable("PostgreSQL " + grammar.major() + " has no GSS encryption (12+)");
        }
    }

    /** A notice when pg_hba.conf or a file it includes was written after the server last loaded its configuration. */
    private static Optional<String> notLoadedYet(HbaTree tree, Instant loaded) {
        return tree.lines().stream().map(HbaTree.Located::file).distinct()
                .filter(file -> modified(file).isAfter(loaded)).findFirst()
                .map(file -> "notice: " + file + " was changed after the server last loaded its configuration ("
                        + loaded + "); the server still uses the rules it read then until it reloads");
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MIN;
        }
    }
}
