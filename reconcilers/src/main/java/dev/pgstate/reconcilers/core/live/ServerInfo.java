package dev.pgstate.reconcilers.core.live;

/** The server facts that change what the agent may read or say: version, who the agent is, who bootstrapped. */
public record ServerInfo(int versionNum, String currentUser, String bootstrapSuperuser) {

    public int major() {
        return versionNum / 10000;
    }

    /** PostgreSQL 16 records inherit and set options per membership grant. */
    public boolean hasMembershipOptions() {
        return major() >= 16;
    }
}
