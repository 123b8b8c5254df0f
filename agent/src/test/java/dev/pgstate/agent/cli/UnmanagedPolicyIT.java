package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.daemon.CycleReport;
import dev.pgstate.agent.daemon.Mode;
import dev.pgstate.agent.daemon.ServerResult;
import dev.pgstate.agent.metrics.DaemonMetrics;
import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.reconcilers.converge.Planner;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.converge.Converger;
import dev.pgstate.reconcilers.core.plan.Plan;
import dev.pgstate.reconcilers.secret.SecretResolver;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmanaged policy on real servers: a superuser made by hand is drift (plan exits 2, the metric counts it), and
 * with {@code drop: true} apply drops it and touches nothing else unmanaged.
 */
class UnmanagedPolicyIT {

    private static final String ROLES = "roles:\n  - {name: admin, login: true, superuser: true}\n";
    private static final String LIVE_ROLES = "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles "
            + "WHERE rolname IN ('admin', 'rogue', 'bystander')";

    @AcrossPgVersions
    void aHandMadeSuperuserIsDriftAndOnlyItIsDropped(PgCluster pg, @TempDir Path dir) throws Exception {
        Path reported = Files.writeString(dir.resolve("reported.yaml"), ROLES);
        Path drift = Files.writeString(dir.resolve("drift.yaml"), ROLES + "unmanaged: {superusers: drift}\n");
        Path drop = Files.writeString(dir.resolve("drop.yaml"), ROLES + "unmanaged: {superusers: drift, drop: true}\n");
        assertThat(agentOn(pg, "apply", "--spec", reported.toString()).exitCode()).isZero();
        pg.execute("CREATE ROLE rogue LOGIN SUPERUSER");
        pg.execute("CREATE ROLE bystander LOGIN");
        pg.execute("CREATE DATABASE keepdb OWNER bystander");

        AgentRun asToday = agentOn(pg, "plan", "--spec", reported.toString());
        assertThat(asToday.exitCode()).as(asToday.out()).isZero();
        assertThat(asToday.out()).contains("    role.rogue\n");

        AgentRun plan = agentOn(pg, "plan", "--spec", drift.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("    role.rogue  (drift under the spec's unmanaged policy)\n")
                .contains("    role.bystander\n").contains("    database.keepdb\n");

        DaemonMetrics metrics = new DaemonMetrics(Clock.systemUTC());
        metrics.cycleFinished(reportOf(converger(pg).plan(Specs.load(drift))));
        assertThat(metrics.scrape())
                .contains("pgstate_unmanaged_objects{kind=\"role\",superuser=\"true\"} 1.0")
                .contains("pgstate_unmanaged_objects{kind=\"role\",superuser=\"false\"} 1.0")
                .contains("pgstate_unmanaged_objects{kind=\"database\",superuser=\"false\"} 1.0");

        AgentRun apply = agentOn(pg, "apply", "--spec", drop.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("role.rogue");
        assertThat(pg.psql(LIVE_ROLES)).isEqualTo("admin,bystander");
        assertThat(pg.psql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'keepdb'"))
                .isEqualTo("bystander");
        assertThat(agentOn(pg, "plan", "--spec", drop.toString()).exitCode()).isZero();
    }

    @AcrossPgVersions
    void aDriftingSuperuserThatOwnsObjectsIsReportedNotDropped(PgCluster pg, @TempDir Path dir) throws Exception {
        Path drop = Files.writeString(dir.resolve("drop.yaml"), ROLES + "unmanaged: {superusers: drift, drop: true}\n");
        assertThat(agentOn(pg, "apply", "--spec", drop.toString()).exitCode()).isZero();
        pg.execute("CREATE ROLE rogue LOGIN SUPERUSER");
        pg.execute("CREATE DATABASE roguedb OWNER rogue");

        AgentRun apply = agentOn(pg, "apply", "--spec", drop.toString());

        assertThat(pg.psql(LIVE_ROLES)).isEqualTo("admin,rogue");
        assertThat(apply.out()).contains("roguedb");
        assertThat(agentOn(pg, "plan", "--spec", drop.toString()).exitCode()).isEqualTo(2);
    }

    private static Converger converger(PgCluster pg) {
        ConnectionSettings flags = new ConnectionSettings("127.0.0.1", pg.port(), pg.superuser(), "postgres", null,
                "disable", null, null, null, null, null);
        return new Converger(new Connector(ConnectionSettings.resolve(flags, Map.of(), ConnectionSpec.EMPTY)),
                Duration.ZERO, SecretResolver.fromEnvironment(Map.of()), new Planner());
    }

    private static CycleReport reportOf(Plan plan) {
        return new CycleReport(1, Mode.REPORT, Instant.now(), Duration.ofMillis(1), Optional.empty(),
                new ServerResult(Optional.of(plan), List.of(), Optional.empty(), plan.changes(), false));
    }
}
