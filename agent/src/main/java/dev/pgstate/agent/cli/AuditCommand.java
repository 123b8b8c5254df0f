package dev.pgstate.agent.cli;

import dev.pgstate.reconcilers.lint.LintReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code agent audit}: the security rules over the live server, on its box, judged against the spec. */
@Command(name = "audit", description = "Check the live server against the security rules: its pg_hba.conf (every "
        + "line, inside the agent's block and out), parameters, roles and stored verifiers, superusers beyond the "
        + "spec's, and TLS files. Runs on the server's box as a superuser. Exits 1 on errors.")
final class AuditCommand extends Verb {

    @Mixin
    SpecOnServer server;

    @Mixin
    LintOutput output;

    @Override
    public Integer call() throws Exception {
        SpecOnServer.Target target = server.resolve(agent);
        LintReport report = agent.engine().audit(target.server(), target.loaded());
        return output.print(report, "the server", stdout());
    }
}
