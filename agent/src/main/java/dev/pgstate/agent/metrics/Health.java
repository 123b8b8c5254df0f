package dev.pgstate.agent.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.agent.daemon.CycleReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the last cycle succeeded and how long ago, as an HTTP status (200 healthy, 503 not, including
 * before the first cycle) and a small JSON body.
 */
public record Health(boolean healthy, String json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Health of(Optional<CycleReport> last, Optional<Instant> lastSuccess, Instant now) {
        boolean healthy = last.map(CycleReport::succeeded).orElse(false);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", last.isEmpty() ? "starting" : healthy ? "ok" : "failing");
        body.put("last_cycle", last.map(CycleReport::number).orElse(0L));
        last.ifPresentOrElse(
                report -> body.put("seconds_since_last_cycle", seconds(report.startedAt().plus(report.duration()), now)),
                () -> body.putNull("seconds_since_last_cycle"));
        lastSuccess.ifPresentOrElse(
                success -> body.put("seconds_since_last_success", seconds(success, now)),
                () -> body.putNull("seconds_since_last_success"));
        body.put("summary", last.map(CycleReport::summary).orElse("no cycle yet"));
        return new Health(healthy, body.toString() + "\n");
    }

    public int httpStatus() {
        return healthy ? 200 : 503;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
