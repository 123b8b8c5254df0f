package dev.pgstate.reconcilers.sql;

import dev.pgstate.reconcilers.live.ServerInfo;

/** Server facts for the statement tests, one per major version that changes the SQL. */
final class Servers {

    static final ServerInfo PG11 = of(11);
    static final ServerInfo PG13 = of(13);
    static final ServerInfo PG15 = of(15);
    static final ServerInfo PG16 = of(16);
    static final ServerInfo PG18 = of(18);

    private Servers() {
    }

    static ServerInfo of(int major) {
        return new ServerInfo(major * 10000 + 1, "postgres", "postgres");
    }
}
