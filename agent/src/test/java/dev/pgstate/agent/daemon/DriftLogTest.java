package dev.pgstate.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pgstate.reconcilers.core.plan.Attribute;
import dev.pgstate.reconcilers.core.plan.AttributeChange;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One key=value line per item, journald-friendly, with the address in the MDC; secrets never printed. */
class DriftLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.pgstate.daemon");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
    }

    @Test
    void aHealedDriftIsOneLinePerItem() {
        new DriftLog().cycleFinished(CycleReportFixtures.healed(3));

        assertThat(lines()).containsExactly(
                "event=drift address=role.admin action=alter attribute=createrole expected=false found=true",
                "event=changed address=role.admin action=alter",
                "event=cycle outcome=ok drifted=1 changed=1 pending=0 duration_ms=120 plan=\"Plan: 0 to add, 1 to"
                        + " change, 0 to destroy; 0 unmanaged, 0 need manual action.\"");
        assertThat(events.list.get(0).getMDCPropertyMap()).containsEntry("address", "role.admin");
    }

    @Test
    void aFailedCycleSaysWhyAndThatTheServerWasNotRead() {
        new DriftLog().cycleFinished(CycleReportFixtures.failed(4));

        assertThat(lines()).containsExactly(
                "event=spec_invalid problem=\"spec.yaml:1:1: bad\"",
                "event=failed error=\"cannot connect to PostgreSQL at 127.0.0.1:5432 as postgres: Connection refused\"",
                "event=cycle outcome=failed drifted=0 changed=0 pending=0 duration_ms=30 plan=\"(server not read)\"");
    }

    /** The plan was made and refused: the cycle line says so, not that the server was not read. */
    @Test
    void aLockoutRefusalShowsThePlanAndTheRefusal() {
        new DriftLog().cycleFinished(CycleReportFixtures.refusedForLockout(5));

        assertThat(lines()).containsExactly(
                "event=drift address=role.postgres action=alter attribute=login expected=false found=true",
                "event=failed error=\"apply refused, nothing was changed: role.postgres: login false would stop the "
                        + "agent logging in as postgres\"",
                "event=pending address=role.postgres action=alter",
                "event=cycle outcome=failed drifted=1 changed=0 pending=1 duration_ms=40 plan=\"Plan: 0 to add, 1 to"
                        + " change, 0 to destroy; 0 unmanaged, 0 need manual action.\"");
    }

    @Test
    void secretsAreNeverPrinted() {
        Attribute password = () -> "password";
        Attribute secret = new Attribute() {
            @Override
            public String key() {
                return "password";
            }

            @Override
            public boolean sensitive() {
                return true;
            }
        };
        assertThat(KeyValue.expected(new AttributeChange<>(secret, "old", "new"))).isEqualTo("(sensitive)");
        assertThat(KeyValue.found(new AttributeChange<>(secret, "old", "new"))).isEqualTo("(sensitive)");
        assertThat(KeyValue.expected(new AttributeChange<>(password, null, "a b"))).isEqualTo("\"a b\"");
        assertThat(KeyValue.value("x\r\nevent=cycle outcome=ok\u001b[2K")).isEqualTo("\"x\\r\\nevent=cycle outcome=ok\\u001b[2K\"");
        assertThat(KeyValue.found(new AttributeChange<>(password, null, "a b"))).isEqualTo("(none)");
    }

    private List<String> lines() {
        return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
