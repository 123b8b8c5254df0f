package dev.pgstate.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the agent logs is one line per message, whatever the names in it hold. */
class StderrLoggingTest {

    @Test
    void controlCharactersInAMessageAreEscaped() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        new StderrLogging().configure(context);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context.getLogger("dev.pgstate.Test").info("alter {}", "role.\"x\nINFO  Applier: drop role.admin\u001b[2K\"");
        } finally {
            System.setErr(stderr);
            context.stop();
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .isEqualTo("INFO  Test: alter role.\"x\\nINFO  Applier: drop role.admin\\u001b[2K\"\n");
    }
}
