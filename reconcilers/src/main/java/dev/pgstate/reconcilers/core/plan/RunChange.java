package dev.pgstate.reconcilers.core.plan;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import java.util.List;
import java.util.Set;

/**
 * A change the apply run carries out with files of its own around the SQL changes and their reload (pg_hba.conf, the
 * TLS files), not the applier: no statements, needed by nothing and needing nothing in the plan.
 */
public interface RunChange extends Change {

    @Override
    default Execution execution() {
        return Execution.RUN;
    }

    @Override
    default List<String> statements(ServerInfo server) {
        return List.of();
    }

    @Override
    default Set<Address> needs() {
        return Set.of();
    }
}
