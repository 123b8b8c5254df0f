package dev.pgstate.reconcilers.lint.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.reconcilers.lint.Finding;
import dev.pgstate.reconcilers.lint.LintReport;
import dev.pgstate.reconcilers.lint.Location;
import dev.pgstate.reconcilers.lint.Severity;

/** The findings for tools ({@code format_version} 1, documented in the README). */
public final class LintJsonRenderer {

    public static final String FORMAT_VERSION = "1";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(LintReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        ArrayNode findings = root.putArray("findings");
        report.findings().forEach(finding -> findings.add(finding(finding)));
        ObjectNode summary = root.putObject("summary");
        summary.put("errors", report.count(Severity.ERROR));
        summary.put("warnings", report.count(Severity.WARNING));
        summary.put("infos", report.count(Severity.INFO));
        summary.put("silenced", report.silencedCount());
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a findings tree always serializes", e);
        }
    }

    private ObjectNode finding(Finding finding) {
        ObjectNode node = mapper.createObjectNode();
        node.put("rule", finding.rule().id());
        node.put("severity", finding.severity().word());
        Location location = finding.location();
        ObjectNode at = node.putObject("location");
        at.put("file", location.file());
        if (location.line() > 0) {
            at.put("line", location.line());
        } else {
            at.putNull("line");
        }
        at.put("object", location.object());
        node.put("message", finding.message());
        node.put("why", finding.rule().why());
        node.put("fix", finding.rule().fix());
        node.put("silenced", finding.silenced());
        node.put("reason", finding.silencedBecause());
        return node;
    }
}
