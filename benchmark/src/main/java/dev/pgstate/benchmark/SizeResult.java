package dev.pgstate.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The figures for one spec size and variant. Times are milliseconds. */
record SizeResult(
        int loginRoles,
        int databases,
        int hbaRules,
        int settings,
        String variant,
        ConvergedPlan convergedPlan,
        ApplyFromEmpty applyFromEmpty,
        SingleDrift singleDrift,
        DaemonFootprint.Result idleDaemon) {

    /**
     * {@code plan} on a converged server. In-process, as the daemon's cycle: loading the YAML, reading the secrets,
     * reading the server (one query per kind), planning, and the whole cycle (secrets, connect, read, plan) with a
     * planner that has planned before; then the first plan of a fresh planner, which runs every password check
     * ({@code passwordChecks} of them, spread over the cores, so CPU exceeds wall time). Through the CLI: a new JVM
     * started by the package's launcher, without and with its class data sharing archive, with the password checks
     * the runs before remembered in the state directory; {@code cliPeakRssKb} is 0 without GNU time. Beside them, with
     * the archive, wall and CPU time (GNU time's user + system, 0 without it): the same plan with tiered compilation
     * forced ({@code cliTieredMs}; the launcher picks C1 only here), and cold, with nothing remembered, with the
     * launcher's choice (tiered) and with C1 only forced. The floors: {@code psql -c 'SELECT 1'} (a process that
     * connects and asks one thing) and {@code psql -f} reading every catalog the agent reads. For the spec with secret
     * files, {@code besideNoPasswords}: its plan with the archive again, run in turn with the same spec without
     * passwords on the same server (first = this spec, second = that one), the pair the secrets/none ratio is taken
     * from; null for the spec without passwords.
     */
    record ConvergedPlan(double loadYamlMs, double readSecretsMs, double readServerMs, double planMs, double cycleMs,
                         int passwordChecks, double coldPlanMs, double coldPlanCpuMs,
                         double cliMs, double cliWithCdsMs, double cliWithCdsCpuMs, long cliPeakRssKb,
                         double cliTieredMs, double cliColdMs, double cliColdCpuMs, double cliColdC1OnlyMs,
                         double psqlFloorMs, double catalogFloorMs, AgentProcess.Alternating besideNoPasswords) {
    }

    /**
     * {@code apply} on an empty cluster, and the same DDL as one {@code psql -f} script. {@code agentCpuMs} is the
     * agent's own CPU time during the apply (this JVM's; the server's work is in its own processes), which shows
     * how the agent's share grows apart from the server's.
     */
    record ApplyFromEmpty(int changes, double applyMs, double agentCpuMs, double psqlFloorMs) {

        @JsonProperty
        double overFloor() {
            return applyMs / psqlFloorMs;
        }
    }

    /** One attribute changed behind the agent's back, found and fixed by one apply with exactly this statement. */
    record SingleDrift(String statement, double applyMs) {
    }
}
