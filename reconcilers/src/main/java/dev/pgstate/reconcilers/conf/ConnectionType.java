package dev.pgstate.reconcilers.conf;

import java.util.Arrays;
import java.util.Optional;

/** The first column of a pg_hba.conf rule, written in lower case exactly as PostgreSQL requires. */
public enum ConnectionType {
    LOCAL("local", 11),
    HOST("host", 11),
    HOSTSSL("hostssl", 11),
    HOSTNOSSL("hostnossl", 11),
    HOSTGSSENC("hostgssenc", 12),
    HOSTNOGSSENC("hostnogssenc", 12);

    private final String keyword;
    private final int since;

    ConnectionType(String keyword, int since) {
        this.keyword = keyword;
        this.since = since;
    }

    public String keyword() {
        return keyword;
    }

    /** The first major version that knows it. */
    public int since() {
        return since;
    }

    public boolean isLocal() {
        return this == LOCAL;
    }

    public static Optional<ConnectionType> of(String keyword) {
        return Arrays.stream(values()).filter(t -> t.keyword.equals(keyword)).findFirst();
    }

    @Override
    public String toString() {
        return keyword;
    }
}
