package dev.pgstate.reconcilers.facade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.load.SpecLoader;
import dev.pgstate.reconcilers.lint.Finding;
import dev.pgstate.reconcilers.lint.Rule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine reads the time from the clock its settings give, so a test can move it. */
class EngineTest {

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

    private static Engine at(String instant) {
        return new Engine(new EngineSettings(Map.of(), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC),
                SessionOpener.PGJDBC));
    }
}
