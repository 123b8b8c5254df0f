package dev.pgstate.reconcilers.facade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.reconcilers.core.apply.RestartCommand;
import dev.pgstate.reconcilers.core.apply.ServerProcess;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.live.ConfigFiles;
import dev.pgstate.reconcilers.lint.Finding;
import dev.pgstate.reconcilers.lint.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine takes the world from its settings, so a test can fake it: the clock it reads the time from, the OS user
 * a connection defaults to, the PATH a platform's restart command is found on.
 */
class EngineTest {

    private static final ConfigFiles DEBIAN = new ConfigFiles(Path.of("/etc/postgresql/16/main/postgresql.conf"),
            Path.of("/var/lib/postgresql/16/main"), List.of(), true);

    private static final LoadedSpec LOGIN_UNTIL_2030 = SpecLoader.read("spec.yaml",
            "roles:\n  - {name: app, login: true, valid_until: '2030-01-01'}\n");

    @Test
    void aLoginExpiresOnlyOnceTheEnginesClockHasPassedIt() {
        assertThat(expiredLogins(at("2029-12-31T23:00:00Z"))).isZero();
        assertThat(expiredLogins(at("2030-01-02T00:00:00Z"))).isOne();
    }

    private static long expiredLogins(Engine engine) {
        return engine.lint(LOGIN_UNTIL_2030).findings().stream().map(Finding::rule)
                .filter(rule -> rule == Rule.ROLE_EXPIRED_LOGIN).count();
    }

    /** Like libpq, a connection that names no user is the OS user's: the one the engine's settings give. */
    @Test
    void aConnectionThatNamesNoUserIsTheEnginesOsUser() {
        EngineSettings alice = new EngineSettings(Map.of(), Clock.systemUTC(), SessionOpener.PGJDBC, "alice");
        EngineSettings bobInEnv = new EngineSettings(Map.of("PGUSER", "bob"), Clock.systemUTC(), SessionOpener.PGJDBC,
                "alice");

        assertThat(userOf(new Engine(alice))).isEqualTo("alice");
        assertThat(userOf(new Engine(bobInEnv))).isEqualTo("bob");
    }

    /** The PATH a platform's restart command is found on is the engine's environment's, as root or not. */
    @Test
    void theRestartCommandIsFoundOnTheEnginesPath(@TempDir Path bin) throws IOException {
        Files.createFile(bin.resolve("systemctl"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        EngineSettings withBin = new EngineSettings(Map.of("PATH", bin.toString()), Clock.systemUTC(),
                SessionOpener.PGJDBC, "postgres");
        EngineSettings withoutPath = new EngineSettings(Map.of("PATH", bin.resolve("none").toString()),
                Clock.systemUTC(), SessionOpener.PGJDBC, "postgres");

        assertThat(RestartCommand.platformDefault(DEBIAN, withBin.host(), ServerProcess.UNKNOWN).shellCommand())
                .isEqualTo("systemctl restart postgresql@16-main");
        assertThat(RestartCommand.platformDefault(DEBIAN, withoutPath.host(), ServerProcess.UNKNOWN).shellCommand())
                .startsWith("pg_ctl restart");
    }

    private static String userOf(Engine engine) {
        return engine.server(ConnectionSettings.NONE, ConnectionSpec.EMPTY).connector().settings().user();
    }

    private static Engine at(String instant) {
        return new Engine(new EngineSettings(Map.of(), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC),
                SessionOpener.PGJDBC, "postgres"));
    }
}
