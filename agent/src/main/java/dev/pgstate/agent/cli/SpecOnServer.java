package dev.pgstate.agent.cli;

import dev.pgstate.model.Specs;
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

        /** {@code loaded} on the server {@code connection} names, or else the spec's connection block. */
        static Target of(LoadedSpec loaded, ConnectionOptions connection, AgentCommand agent) {
            return new Target(loaded, ConnectionOptions.server(agent, connection.flags(), loaded.spec().connection()));
        }
    }

    Target resolve(AgentCommand agent) {
        return resolve(agent, Specs.Kept.NOTHING);
    }

    /** @param kept where the spec parsed before is kept, from the engine's state directory */
    Target resolve(AgentCommand agent, Specs.Kept kept) {
        return Target.of(specFile.loadWithSource(specFile.contentCheck(), kept), connection, agent);
    }

    /** @param alsoCheck looks at the spec's bytes too, after the configuration's own check (a saved plan's digest) */
    Target resolve(AgentCommand agent, Specs.ContentCheck alsoCheck, Specs.Kept kept) {
        Specs.ContentCheck check = specFile.contentCheck();
        return Target.of(specFile.loadWithSource((file, content) -> {
            check.check(file, content);
            alsoCheck.check(file, content);
        }, kept), connection, agent);
    }
}
