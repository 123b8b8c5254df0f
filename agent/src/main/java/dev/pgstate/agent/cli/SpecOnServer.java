package dev.pgstate.agent.cli;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.connect.Connector;
import java.util.Map;
import dev.pgstate.reconcilers.core.connect.Connector;
import picocli.CommandLine.Mixin;

/** What plan and apply both take: a spec file and the server to hold it against (flags > PG* > spec). */
final class SpecOnServer {

    @Mixin
    SpecOption specFile;

    @Mixin
    ConnectionOptions connection;

    /** The loaded, valid spec (with where each field was written) and a connector for the server it is meant for. */
    record Target(LoadedSpec loaded, Connector connector) {
        Spec spec() {
            return loaded.spec();
        }
    }

    Target resolve(AgentCommand agent) {
        LoadedSpec loaded = specFile.loadWithSource();
        return new Target(loaded, agent.connector(connection.resolve(agent.env(), loaded.spec().connection())));
    }
}
