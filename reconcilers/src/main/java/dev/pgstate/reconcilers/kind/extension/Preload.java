package dev.pgstate.reconcilers.kind.extension;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Extensions whose library must be loaded at server start (shared_preload_libraries) to work: CREATE EXTENSION
 * succeeds without it, but their views or background workers then fail. The server records this nowhere an agent
 * can read (it is in each library's _PG_init), so the well-known ones are listed here.
 */
final class Preload {

    /** Extension name to the library shared_preload_libraries must name. */
    private static final Map<String, String> LIBRARIES = Map.ofEntries(
            Map.entry("pg_stat_statements", "pg_stat_statements"),
            Map.entry("pg_cron", "pg_cron"),
            Map.entry("timescaledb", "timescaledb"),
            Map.entry("citus", "citus"),
            Map.entry("pgaudit", "pgaudit"),
            Map.entry("pg_stat_monitor", "pg_stat_monitor"),
            Map.entry("pg_squeeze", "pg_squeeze"),
            Map.entry("pg_wait_sampling", "pg_wait_sampling"),
            Map.entry("pg_qualstats", "pg_qualstats"),
            Map.entry("pg_stat_kcache", "pg_stat_kcache"),
            Map.entry("pglogical", "pglogical"));

    private Preload() {
    }

    static Optional<String> libraryOf(String extension) {
        return Optional.ofNullable(LIBRARIES.get(extension));
    }

    /**
     * The libraries a shared_preload_libraries value names, by bare name: {@code '$libdir/pg_stat_statements.so'}
     * reads as {@code pg_stat_statements}. The value is a comma-separated list whose entries may be quoted.
     */
    static List<String> libraries(String setting) {
        return Arrays.stream(setting.split(","))
                .map(entry -> entry.strip().replace("\"", ""))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> entry.substring(entry.lastIndexOf('/') + 1))
                .map(entry -> entry.toLowerCase(Locale.ROOT).endsWith(".so") ? entry.substring(0, entry.length() - 3)
                        : entry)
                .toList();
    }
}
