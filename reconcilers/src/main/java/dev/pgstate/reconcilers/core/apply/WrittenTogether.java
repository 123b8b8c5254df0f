package dev.pgstate.reconcilers.core.apply;

import dev.pgstate.reconcilers.core.plan.Change;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A change of {@code Execution.FILE}: written with the like changes after it into one file, all or nothing. */
public interface WrittenTogether {

    /** Writes {@code group} (this change first, all of its type); on rejection the file is restored and this throws. */
    void writeTogether(Connection connection, List<Change> group) throws SQLException;
}
