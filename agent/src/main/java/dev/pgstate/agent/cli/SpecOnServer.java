package dev.pgstate.agent.cli;

import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.connect.Connector;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** What plan and apply both take: a spec file and the server to hold it against (flags > PG* > spec). */
final class SpecOnServer {

    @Mixin
    SpecOption specFile;

    @Mixin
    ConnectionOptions connection;

    /** The loaded, valid spec and a connector for the server it is meant for. */
    record Target(Spec spec, Connector connector) {
    }

    Target resolve(Map<String, String> env) {
        Spec spec = specFile.load();
        return new Target(spec, new Connector(connection.resolve(env, spec.connection())));
    }
}
