package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.live.ServerInfo;
import dev.pgstate.reconcilers.core.plan.Address;
import dev.pgstate.reconcilers.core.plan.Change;
import dev.pgstate.reconcilers.core.plan.Execution;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change that puts files of its own in place instead of the applier ({@link Execution#FILES_BEFORE_EFFECTS},
 * {@link Execution#FILE_THEN_RELOAD}, which its {@link #execution} says): no statements, needed by nothing and
 * needing nothing in the plan, as its kind's needs already put it after what it names.
 */
public interface FileChange extends Change {

    /**
     * Puts the files in place, at the point of the apply its execution names.
     *
     * @return empty when they are in place; otherwise what failed, with the previous files back
     * @throws SQLException when the server cannot be reached to check them
     */
    Optional<ApplyResult.Failure> carryOut(FileRun run) throws SQLException;

    @Override
    default List<String> statements(ServerInfo server) {
        return List.of();
    }

    @Override
    default Set<Address> needs() {
        return Set.of();
    }
}
