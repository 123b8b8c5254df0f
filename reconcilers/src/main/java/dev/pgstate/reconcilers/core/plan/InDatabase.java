package dev.pgstate.reconcilers.core.plan;

/** A change whose statements run in a session to one database of the cluster, as one transaction. */
public interface InDatabase extends Change {

    /** The database whose session runs the statements. */
    String database();

    @Override
    default Execution execution() {
        return Execution.IN_DATABASE;
    }
}
