package dev.pgstate.agent.fleet;

import java.util.List;
import java.util.Map;

/** The inventory as written, before defaults are filled in and names checked: what Jackson binds. */
record InventoryFile(Settings defaults, List<Entry> boxes) {

    /** What a box may set for itself and {@code defaults} for every box. */
    record Settings(Integer port, String user, String identityFile, String agentCommand, String specPath,
            String stateDirectory, String daemonReloadCommand, BecomeEntry become, Map<String, String> vars) {
    }

    record Entry(String name, String host, Integer port, String user, String identityFile, List<String> groups,
            String agentCommand, String specPath, String stateDirectory, String daemonReloadCommand,
            BecomeEntry become, Map<String, String> vars) {
    }

    /** {@code become: {method: sudo, user: postgres}}; the method is sudo unless said. */
    record BecomeEntry(String method, String user) {
    }
}
