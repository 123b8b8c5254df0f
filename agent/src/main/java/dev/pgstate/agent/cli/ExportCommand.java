package dev.pgstate.agent.cli;

import dev.pgstate.agent.export.SpecYamlWriter;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.model.text.Printable;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent export}: writes the spec of what the server has now, e.g. to start managing an existing box. */
@Command(name = "export", description = "Write a spec describing the server as it is: roles, memberships, databases,"
        + " extensions, settings, pg_hba.conf and TLS files; what a spec cannot say is listed on stderr.")
final class ExportCommand extends Verb {

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the spec to FILE instead of stdout.")
    Path output;

    /** {@code 6 roles, 3 databases, 14 settings, 5 pg_hba.conf rules and the TLS files}. */
    private static String contents(Spec spec) {
        List<String> parts = new ArrayList<>(List.of(Counts.of(spec.roles().size(), "role"),
                Counts.of(spec.databases().size(), "database"), Counts.of(spec.server().desired().size(), "setting")));
        if (spec.hba() != null) {
            parts.add(Counts.of(spec.hba().rules().size(), "pg_hba.conf rule"));
        }
        if (spec.tls() != null) {
            parts.add("the TLS files");
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    @Override
    public Integer call() throws Exception {
        Engine engine = agent.engine();
        Engine.Exported exported = engine.export(ConnectionOptions.server(agent, connection.flags(),
                ConnectionSpec.EMPTY));
        Spec spec = exported.spec();
        List<String> header = new ArrayList<>(List.of("pgstate spec exported from PostgreSQL " + exported.major()
                + " at " + exported.server()));
        exported.notExported().forEach(note -> header.add("not exported: " + note));
        String yaml = new SpecYamlWriter().write(spec, header, exported.origins());
        PrintWriter err = stderr();
        // said where it is seen, not only in the file: a person must decide what to do about each
        exported.notExported().forEach(note -> err.println("not exported: " + Printable.escape(note)));
        if (output == null) {
            stdout().print(yaml);
        } else {
            // created anew and renamed into place: never written through a link someone left under that name
            Engine.writeOwnFile(output, yaml.getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"));
            err.printf("exported %s to %s%n", contents(spec), output);
        }
        return ExitCode.OK.code();
    }
}
