package dev.pgstate.agent.cli;

import dev.pgstate.agent.export.ExportedSpec;
import dev.pgstate.agent.export.SpecYamlWriter;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import dev.pgstate.reconcilers.core.apply.AtomicFile;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agent export}: writes the spec of what the server has now, e.g. to start managing an existing box. */
@Command(name = "export", description = "Write a spec describing the server's roles, memberships and databases as they are.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the spec to FILE instead of stdout.")
    Path output;

    @ParentCommand
    AgentCommand agent;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        ConnectionSettings settings = connection.resolve(agent.env(), ConnectionSpec.EMPTY);
        LiveState live;
        Connector connector = agent.connector(settings);
        try (Connection db = connector.connect()) {
            live = new LiveStateReader().readAll(db, connector.databases());
        }
        Spec spec = ExportedSpec.from(live);
        String yaml = new SpecYamlWriter().write(spec, List.of("pgstate spec exported from PostgreSQL "
                + live.server().major() + " at " + settings.target()));
        if (output == null) {
            command.commandLine().getOut().print(yaml);
        } else {
            // created anew and renamed into place: never written through a link someone left under that name
            AtomicFile.writeOwn(output, yaml.getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"));
            command.commandLine().getErr().printf("exported %s and %s to %s%n", Counts.of(spec.roles().size(), "role"),
                    Counts.of(spec.databases().size(), "database"), output);
        }
        return ExitCode.OK.code();
    }
}
