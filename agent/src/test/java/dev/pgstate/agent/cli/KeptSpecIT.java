package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.Specs;
import dev.pgstate.model.load.SpecJson;
import dev.pgstate.model.spec.RoleSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.state.KeptSpec;
import dev.pgstate.reconcilers.core.state.KeyedDirectory;
import dev.pgstate.testkit.AcrossPgVersions;
import dev.pgstate.testkit.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan} and {@code apply} keep the spec they parsed in the state directory and take it from there while the
 * file's bytes stay the same: an edited spec is planned as edited, and a kept spec that is not sealed by the
 * directory's key is never used.
 */
class KeptSpecIT {

    @TempDir
    Path dir;

    private PgCluster pg;

    @AcrossPgVersions
    void theSpecIsKeptForItsBytesAndAnEditIsPlannedAsWritten(PgCluster cluster) throws IOException {
        pg = cluster;
        Path spec = Files.writeString(dir.resolve("spec.yaml"), String.join("\n",
                "roles:",
                "  - {name: app, login: true}",
                "databases:",
                "  - {name: appdb, owner: app}",
                ""));
        Path keptFile = dir.resolve("state").resolve(KeptSpec.FILE);

        assertThat(assertExit(run("plan", "--spec", spec.toString()), 2).out()).contains("+ role.app");
        assertThat(keptFile).isRegularFile();
        assertExit(run("apply", "--spec", spec.toString()), 0);
        assertThat(assertExit(run("plan", "--spec", spec.toString()), 0).out()).contains("No changes");

        // the kept spec is what the next plan goes by: one sealed by the directory's key naming another role shows it
        byte[] bytes = Files.readAllBytes(spec);
        Spec kept = Specs.load(spec);
        Spec marked = kept.toBuilder().roles(new ArrayList<>(List.of(kept.roles().get(0),
                RoleSpec.builder("keptonly").build()))).build();
        KeptSpec.in(KeyedDirectory.in(dir.resolve("state"))).keep(bytes, marked);
        assertThat(assertExit(run("plan", "--spec", spec.toString()), 2).out()).contains("+ role.keptonly");

        // the same file with one byte of its JSON changed: not sealed, so the spec file is parsed again
        String text = Files.readString(keptFile);
        Files.writeString(keptFile, text.replace("keptonly", "keptonlx"));
        AgentRun tampered = assertExit(run("plan", "--spec", spec.toString()), 0);
        assertThat(tampered.out()).contains("No changes").doesNotContain("keptonl");
        assertThat(Files.readString(keptFile)).doesNotContain("keptonl").contains(SpecJson.BUILD);

        Files.writeString(spec, Files.readString(spec).replace("login: true", "login: false"));
        assertThat(assertExit(run("plan", "--spec", spec.toString()), 2).out()).contains("login")
                .contains("true -> false");
        assertExit(run("apply", "--spec", spec.toString()), 0);
        assertThat(assertExit(run("plan", "--spec", spec.toString()), 0).out()).contains("No changes");
        assertThat(pg.psql("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'app'")).isEqualTo("f");
    }

    private AgentRun run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--state-directory", dir.resolve("state").toString()));
        return AgentRun.agent(AgentRun.onServer(pg, all.toArray(String[]::new)));
    }

    private static AgentRun assertExit(AgentRun run, int exitCode) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
        return run;
    }
}
