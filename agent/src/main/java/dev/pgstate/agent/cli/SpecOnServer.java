package dev.pgstate.agent.cli;

import dev.pgstate.model.load.LoadedSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.facade.Server;
import picocli.CommandLine.Mixin;

/** What plan, apply and audit take: a spec file and the server to hold it against (flags > PG* > spec). */
final class SpecOnServer {

    @Mixin
    SpecOption specFile;

    @Mixin
    ConnectionOptions connection;

    /** The loaded, valid spec (with where each field was written) and the server it is meant for. */
    record Target(LoadedSpec loaded, Server server) {
        Spec spec() {
            return loaded.spec();
        }
    }

    Target resolve(AgentCommand agent) {
        LoadedSpec loaded = specFile.loadWithSource();
        return new Target(loaded, ConnectionOptions.server(agent, connection.flags(), loaded.spec().connection()));
    }
}
