package dev.pgstate.reconcilers.core.sql;

import dev.pgstate.reconcilers.core.live.ServerInfo;

/** Server facts for the statement tests, one per major version that changes the SQL. */
public final class Servers {

    public static final ServerInfo PG11 = of(11);
    public static final ServerInfo PG13 = of(13);
    public static final ServerInfo PG15 = of(15);
    public static final ServerInfo PG16 = of(16);
    public static final ServerInfo PG18 = of(18);

    private Servers() {
    }

    public static ServerInfo of(int major) {
        return new ServerInfo(major * 10000 + 1, "postgres", "postgres");
    }
}
