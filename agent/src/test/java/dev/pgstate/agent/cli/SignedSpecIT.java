package dev.pgstate.agent.cli;

import static dev.pgstate.agent.cli.AgentRun.agent;
import static dev.pgstate.agent.cli.AgentRun.agentOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.agent.trust.SignerKeyFiles;
import dev.pgstate.testkit.PgCluster;
import dev.pgstate.testkit.PgVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A box whose agent configuration names the owner's public key: {@code agent sign} makes a spec it accepts, and
 * plan, apply and run refuse the spec unsigned, altered by one byte, or signed by anyone else, with exit 65 and
 * nothing changed on the server.
 */
class SignedSpecIT {

    private static final String SPEC = "roles:\n  - name: signed_app\n    login: true\n";
    private static final String ROLE_EXISTS = "SELECT count(*) FROM pg_roles WHERE rolname = 'signed_app'";

    @TempDir
    Path dir;

    @Test
    @PgVersion(16)
    void onlyTheOwnersSignatureOfTheseExactBytesIsObeyed(PgCluster pg) throws Exception {
        SignerKeyFiles owner = SignerKeyFiles.create(dir, "owner");
        SignerKeyFiles stranger = SignerKeyFiles.create(dir, "stranger");
        String config = SignerKeyFiles.agentConfig(dir, owner).toString();
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, SPEC);

        AgentRun signed = agent("sign", "--key", owner.privateKey().toString(), "--spec", spec.toString());
        assertThat(signed.exitCode()).as(signed.err()).isZero();
        Path signature = dir.resolve("spec.yaml.sig");
        assertThat(signed.out()).startsWith("signed " + spec + " with SHA256:").endsWith(": " + signature + "\n");
        assertThat(Files.getPosixFilePermissions(signature)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(agentOn(pg, "plan", "--config", config, "--spec", spec.toString()).exitCode())
                .as("the owner's signature is accepted").isEqualTo(2);

        Files.writeString(spec, SPEC.replace("login: true", "login: fals3").replace("fals3", "false"));
        refusedEverywhere(pg, config, spec, spec + " does not match its signature " + signature);

        Files.delete(signature);
        refusedEverywhere(pg, config, spec, "it is not signed (no " + signature + ")");

        assertThat(agent("sign", "--key", stranger.privateKey().toString(), "--spec", spec.toString()).exitCode()).isZero();
        refusedEverywhere(pg, config, spec, "which is not among trust.spec_signers in " + config);

        assertThat(agent("sign", "--key", owner.privateKey().toString(), "--spec", spec.toString()).exitCode()).isZero();
        AgentRun apply = agentOn(pg, "apply", "--config", config, "--spec", spec.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(pg.psql(ROLE_EXISTS)).isEqualTo("1");
        assertThat(agentOn(pg, "plan", "--config", config, "--spec", spec.toString()).exitCode()).isZero();
        assertThat(agentOn(pg, "plan", "--spec", spec.toString()).exitCode())
                .as("without the configuration nothing is demanded (no /etc/pgstate/agent.yaml here)").isZero();
    }

    private void refusedEverywhere(PgCluster pg, String config, Path spec, String why) throws Exception {
        for (String[] verb : new String[][] {{"plan"}, {"apply"}, {"run", "--once", "--no-metrics"}, {"validate"}}) {
            String[] args = new String[verb.length + 4];
            System.arraycopy(verb, 0, args, 0, verb.length);
            System.arraycopy(new String[] {"--config", config, "--spec", spec.toString()}, 0, args, verb.length, 4);
            AgentRun run = verb[0].equals("validate") ? agent(args) : agentOn(pg, args);
            assertThat(run.exitCode()).as("%s: %s", verb[0], run.err()).isEqualTo(65);
            assertThat(run.err()).as(verb[0]).startsWith("error: " + spec + ":1:1: refused: ").contains(why);
        }
        assertThat(pg.psql(ROLE_EXISTS)).as("nothing applied").isEqualTo("0");
    }
}
