package dev.pgstate.reconcilers.facade;

import dev.pgstate.reconcilers.conf.HbaGrammar;
import java.util.Map;
import java.util.Set;

/**
 * What the server would tell explain about itself, given by hand for a file read without one: its major version,
 * whether it runs with ssl = on, and its roles with the groups each belongs to (every role named there exists).
 */
public record OfflineServer(HbaGrammar grammar, Map<String, Set<String>> groupsOf) {

    /** @throws IllegalArgumentException when the major version is not one the rules are known for */
    public static OfflineServer of(int major, boolean sslEnabled, Map<String, Set<String>> groupsOf) {
        return new OfflineServer(new HbaGrammar(major, Set.of(), sslEnabled), groupsOf);
    }

    public OfflineServer {
        groupsOf = Map.copyOf(groupsOf);
    }
}
