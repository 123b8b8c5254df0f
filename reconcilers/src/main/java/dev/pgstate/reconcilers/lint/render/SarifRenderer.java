package dev.pgstate.reconcilers.lint.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgstate.reconcilers.lint.Finding;
import dev.pgstate.reconcilers.lint.LintReport;
import dev.pgstate.reconcilers.lint.Location;
import dev.pgstate.reconcilers.lint.Rule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The findings as one SARIF 2.1.0 run, so CI systems and editors show them inline: every rule in
 * {@code tool.driver.rules} (id, why as the short description, fix as help, severity as the default level), each
 * finding a result pointing at its file and line (a region) and naming its spec field or live object as a logical
 * location. A silenced finding carries an in-source suppression with the spec's reason.
 */
public final class SarifRenderer {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(LintReport report, String toolVersion) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "pgstate");
        driver.put("version", toolVersion);
        List<Rule> rules = Arrays.asList(Rule.values());
        ArrayNode ruleNodes = driver.putArray("rules");
        rules.forEach(rule -> ruleNodes.add(rule(rule)));
        ArrayNode results = run.putArray("results");
        report.findings().forEach(finding -> results.add(result(finding, rules.indexOf(finding.rule()))));
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a SARIF tree always serializes", e);
        }
    }

    private ObjectNode rule(Rule rule) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", rule.id());
        node.putObject("shortDescription").put("text", rule.why());
        node.putObject("help").put("text", rule.fix());
        node.putObject("defaultConfiguration").put("level", rule.severity().sarifLevel());
        return node;
    }

    /** An absolute path as a {@code file:} URI; a relative one (the spec as the user named it) stays relative. */
    static String uri(String file) {
        Path path = Path.of(file);
        if (path.isAbsolute()) {
            return path.toUri().toASCIIString();
        }
        try {
            return new URI(null, null, file, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a path: " + file, e);
        }
    }

    private ObjectNode result(Finding finding, int ruleIndex) {
        ObjectNode node = mapper.createObjectNode();
        node.put("ruleId", finding.rule().id());
        node.put("ruleIndex", ruleIndex);
        node.put("level", finding.severity().sarifLevel());
        node.putObject("message").put("text", finding.message() + ". Fix: " + finding.rule().fix());
        ObjectNode location = node.putArray("locations").addObject();
        Location at = finding.location();
        if (at.file() != null) {
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(at.file()));
            if (at.line() > 0) {
                physical.putObject("region").put("startLine", at.line());
            }
        }
        if (at.object() != null) {
            location.putArray("logicalLocations").addObject().put("fullyQualifiedName", at.object());
        }
        if (finding.silenced()) {
            node.putArray("suppressions").addObject().put("kind", "inSource")
                    .put("justification", finding.silencedBecause());
        }
        return node;
    }
}
