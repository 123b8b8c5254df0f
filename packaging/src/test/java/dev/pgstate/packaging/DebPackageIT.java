package dev.pgstate.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb on this machine: installs with dpkg, puts {@code pgstate} on PATH, starts nothing, and purges without a
 * trace. Needs root and dpkg; refuses to touch a pgstate that is already installed.
 */
class DebPackageIT {

    @TempDir
    Path cache;

    private static final Path DEB = Path.of(System.getProperty("pgstate.deb", "target/pgstate.deb"));
    private static final List<Path> INSTALLED = List.of(Path.of("/usr/share/pgstate/pgstate-agent.jar"),
            Path.of("/usr/share/pgstate/spec.schema.json"),
            Path.of("/usr/bin/pgstate"), Path.of("/lib/systemd/system/pgstate.service"),
            Path.of("/etc/pgstate/identity-box.yaml"), Path.of("/var/lib/pgstate"));

    @Test
    void installsRunsAndPurgesCleanly() throws Exception {
        assumeTrue(Commands.onPath("dpkg"), "dpkg is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "installing a package needs root");
        assertThat(DEB).as("the package built by this module").isRegularFile();
        Commands existing = Commands.run("dpkg-query", "-W", "-f=${db:Status-Status}", "pgstate");
        if (existing.exitCode() == 0) {
            assertThat(existing.output().strip()).as("pgstate is already on this machine (dpkg status): not replacing"
                    + " it; purge it first").isEqualTo("not-installed");
        }
        assertThat(INSTALLED).as("files of an earlier pgstate that dpkg does not know about").noneMatch(Files::exists);

        Commands contents = Commands.run("dpkg-deb", "--contents", DEB.toString());
        assertThat(contents.output()).as("only the agent: no test PostgreSQL binaries")
                .doesNotContainIgnoringCase("postgres-linux").doesNotContain("testkit");

        try {
            Commands install = Commands.run("dpkg", "-i", DEB.toString());
            assertThat(install.exitCode()).as(install.output()).isZero();
            assertThat(INSTALLED).allMatch(Files::exists);

            // the launcher's class data sharing archive goes to a cache of this test's, not root's
            String pgstate = "XDG_CACHE_HOME=" + cache + " pgstate";
            Commands version = Commands.run("sh", "-c", pgstate + " --version");
            assertThat(version.exitCode()).as(version.output()).isZero();
            assertThat(version.output()).startsWith("pgstate agent 0.1.0");
            Commands validate = Commands.run("sh", "-c", pgstate + " validate --spec /etc/pgstate/identity-box.yaml");
            assertThat(validate.output()).as("exit " + validate.exitCode())
                    .isEqualTo("spec /etc/pgstate/identity-box.yaml is valid: 3 roles, 1 database\n");

            Commands schema = Commands.run("sh", "-c", pgstate + " schema");
            assertThat(schema.output()).as("exit " + schema.exitCode())
                    .isEqualTo(Files.readString(Path.of("/usr/share/pgstate/spec.schema.json")))
                    .contains("\"$schema\" : \"http://json-schema.org/draft-07/schema#\"");

            if (Commands.onPath("systemd-analyze")) {
                Commands verify = Commands.run("systemd-analyze", "verify", "/lib/systemd/system/pgstate.service");
                assertThat(verify.exitCode()).as(verify.output()).isZero();
            }
            Commands processes = Commands.run("sh", "-c", "ps -eo args | grep -c '[p]gstate-agent.jar run' || true");
            assertThat(processes.output().strip()).as("nothing started on install").isEqualTo("0");
        } finally {
            Commands purge = Commands.run("dpkg", "--purge", "pgstate");
            assertThat(purge.exitCode()).as(purge.output()).isZero();
        }
        assertThat(INSTALLED).noneMatch(Files::exists);
        assertThat(Path.of("/etc/pgstate")).doesNotExist();
        assertThat(Path.of("/usr/share/pgstate")).doesNotExist();
        assertThat(Commands.run("dpkg-query", "-W", "pgstate").exitCode()).as("dpkg forgot the package").isNotZero();
    }
}
