package dev.pgstate.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The converged CLI plan of the spec with secret files and of the same spec without passwords, run in turn on one
 * server, the pair the secrets/none ratio is taken from: measured minutes apart, as each variant's own rows are, a
 * shared machine's speed moved by more than the secrets cost (1.39x in one whole run, 1.07x in another on the same
 * jar).
 */
final class AlternatingPlans {

    static final int RUNS = 5;

    private AlternatingPlans() {
    }

    /**
     * {@code secretPlanArgs} and the same plan of the spec without passwords, on a server converged for the former
     * (so for both: that spec leaves passwords alone), {@link #RUNS} times each in turn, after one run each that
     * remembers the checks. Each has a state directory of its own, since a plan remembers only its own spec's checks.
     */
    static AgentProcess.Alternating besideNoPasswords(BenchmarkServer server, AgentProcess agent, Path workDir,
                                                      int size, List<String> secretPlanArgs) throws Exception {
        Path noPasswords = SpecGenerator.write(workDir, size, Variant.NO_PASSWORDS);
        List<String> secretArgs = agent.withNewStateDirectory(secretPlanArgs, "state-secret-files");
        List<String> noneArgs = agent.withNewStateDirectory(
                server.withConnectionFlags(List.of("plan", "--spec", noPasswords.toString())), "state-no-passwords");
        agent.run(AgentProcess.Cds.ON, secretArgs, 0);
        agent.run(AgentProcess.Cds.ON, noneArgs, 0);
        return AgentProcess.alternating(RUNS, () -> agent.run(AgentProcess.Cds.ON, secretArgs, 0),
                () -> agent.run(AgentProcess.Cds.ON, noneArgs, 0));
    }

    /** One table line: the pair's medians and their ratio, wall and CPU. */
    static String line(int loginRoles, AgentProcess.Alternating pair) {
        return String.format(Locale.ROOT, "%6d run in turn (medians of %d each): secret files %.0f ms, %.0f ms CPU; "
                + "no passwords %.0f ms, %.0f ms CPU; secrets/none %.2f, CPU %.2f%n", loginRoles, RUNS,
                pair.first().wallMs(), pair.first().cpuMs(), pair.second().wallMs(), pair.second().cpuMs(),
                pair.first().wallMs() / pair.second().wallMs(), pair.first().cpuMs() / pair.second().cpuMs());
    }
}
