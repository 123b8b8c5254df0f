package dev.pgstate.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fleet-sized spec as YAML, read by the agent exactly as a user's file is: {@code size} login roles, each a member
 * of one of a few group roles, every third with CREATEDB, a tenth as many databases owned by some of them, a fifth as
 * many pg_hba.conf rules (each letting one role into one database from one address), and fifty server settings.
 * Each part of the document is one method, so that a new kind is one more method and one more call in
 * {@link #yaml}.
 */
final class SpecGenerator {

    static final int GROUPS = 5;

    /**
     * Realistic values, each taking effect on reload (contexts sighup, superuser and user on PostgreSQL 18), so
     * applying them never needs a restart; written with ALTER SYSTEM.
     */
    static final Map<String, String> SETTINGS = settings();

    private final int size;
    private final Variant variant;
    private final Path secretsDir;

    /** @param secretsDir where {@link SecretFiles} wrote each login role's secret, for {@link Variant#SECRET_FILES} */
    SpecGenerator(int size, Variant variant, Path secretsDir) {
        this.size = size;
        this.variant = variant;
        this.secretsDir = secretsDir;
    }

    /**
     * Writes the spec of {@code size} login roles in {@code variant}, and the secret files it names, into
     * {@code workDir}; returns the spec's file.
     */
    static Path write(Path workDir, int size, Variant variant) throws IOException {
        SpecGenerator generator = new SpecGenerator(size, variant, SecretFiles.write(workDir.resolve("secrets"), size));
        Path specFile = workDir.resolve("spec-" + size + "-" + variant.name().toLowerCase() + ".yaml");
        return Files.writeString(specFile, generator.yaml());
    }

    String yaml() {
        StringBuilder yaml = new StringBuilder("# benchmark spec: " + size + " login roles, " + variant.label() + "\n");
        roles(yaml);
        databases(yaml);
        hba(yaml);
        server(yaml);
        return yaml.toString();
    }

    int databaseCount() {
        return size / 10;
    }

    int hbaRuleCount() {
        return size / 5;
    }

    /** A role in the middle of a spec of {@code size} login roles, for the single-drift measurement. */
    static String driftedRole(int size) {
        return user(size / 2);
    }

    static String user(int i) {
        return String.format("user%05d", i);
    }

    private void roles(StringBuilder yaml) {
        yaml.append("roles:\n");
        for (int g = 0; g < GROUPS; g++) {
            yaml.append("  - name: group").append(g).append("\n    login: false\n");
        }
        for (int i = 0; i < size; i++) {
            yaml.append("  - name: ").append(user(i)).append('\n')
                    .append("    superuser: false\n")
                    .append("    createdb: ").append(i % 3 == 0).append('\n')
                    .append("    createrole: false\n")
                    .append("    inherit: true\n")
                    .append("    login: true\n")
                    .append("    replication: false\n")
                    .append("    bypassrls: false\n")
                    .append("    connection_limit: -1\n")
                    .append("    member_of: [group").append(i % GROUPS).append("]\n");
            if (variant == Variant.SECRET_FILES) {
                yaml.append("    password: {file: ").append(secretsDir.resolve(user(i))).append("}\n");
            }
        }
    }

    private void databases(StringBuilder yaml) {
        yaml.append("databases:\n");
        for (int d = 0; d < databaseCount(); d++) {
            yaml.append("  - name: ").append(String.format("db%05d", d)).append('\n')
                    .append("    owner: ").append(user(d * 7 % size)).append('\n')
                    .append("    connection_limit: -1\n")
                    .append("    allow_connections: true\n")
                    .append("    is_template: false\n");
        }
    }

    /**
     * A managed block at the top of pg_hba.conf: hostssl rules from single addresses in 10.0.0.0/8, none of which
     * matches the benchmark's own connection (TCP from 127.0.0.1), so the lockout check lets every rule through.
     */
    private void hba(StringBuilder yaml) {
        yaml.append("hba:\n  ownership: managed-block\n  position: top\n  rules:\n");
        for (int r = 0; r < hbaRuleCount(); r++) {
            yaml.append("    - type: hostssl\n")
                    .append("      databases: [").append(String.format("db%05d", r % databaseCount())).append("]\n")
                    .append("      users: [").append(user(r * 3 % size)).append("]\n")
                    .append("      address: 10.").append(r >> 16 & 0xff).append('.').append(r >> 8 & 0xff).append('.')
                    .append(r & 0xff).append("/32\n")
                    .append("      method: scram-sha-256\n");
        }
    }

    private static void server(StringBuilder yaml) {
        yaml.append("server:\n  strategy: alter-system\n  settings:\n");
        SETTINGS.forEach((name, value) -> yaml.append("    ").append(name).append(": '").append(value).append("'\n"));
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // memory and planner costs
        settings.put("work_mem", "16MB");
        settings.put("maintenance_work_mem", "256MB");
        settings.put("hash_mem_multiplier", "2");
        settings.put("effective_cache_size", "1GB");
        settings.put("effective_io_concurrency", "200");
        settings.put("random_page_cost", "1.1");
        settings.put("seq_page_cost", "1");
        settings.put("cpu_tuple_cost", "0.02");
        settings.put("parallel_setup_cost", "500");
        settings.put("max_parallel_workers_per_gather", "1");
        settings.put("default_statistics_target", "200");
        settings.put("join_collapse_limit", "12");
        settings.put("from_collapse_limit", "12");
        settings.put("jit", "off");
        settings.put("temp_file_limit", "10GB");
        // sessions
        settings.put("statement_timeout", "30s");
        settings.put("lock_timeout", "10s");
        settings.put("idle_in_transaction_session_timeout", "5min");
        settings.put("idle_session_timeout", "1h");
        settings.put("deadlock_timeout", "2s");
        settings.put("client_min_messages", "notice");
        settings.put("synchronous_commit", "on");
        settings.put("commit_delay", "10");
        // logging
        settings.put("log_min_duration_statement", "500ms");
        settings.put("log_disconnections", "on");
        settings.put("log_lock_waits", "on");
        settings.put("log_temp_files", "10MB");
        settings.put("log_autovacuum_min_duration", "1s");
        settings.put("log_checkpoints", "on");
        settings.put("log_line_prefix", "%m [%p] %q%u@%d ");
        settings.put("log_statement", "ddl");
        settings.put("log_min_messages", "warning");
        settings.put("log_min_error_statement", "error");
        settings.put("log_error_verbosity", "default");
        settings.put("log_rotation_age", "1d");
        settings.put("log_rotation_size", "100MB");
        settings.put("track_io_timing", "on");
        settings.put("track_functions", "pl");
        // checkpoints, WAL and background writer
        settings.put("checkpoint_timeout", "15min");
        settings.put("checkpoint_completion_target", "0.9");
        settings.put("max_wal_size", "2GB");
        settings.put("min_wal_size", "160MB");
        settings.put("wal_writer_delay", "100ms");
        settings.put("bgwriter_delay", "100ms");
        settings.put("bgwriter_lru_maxpages", "200");
        settings.put("bgwriter_lru_multiplier", "3");
        // autovacuum
        settings.put("autovacuum_naptime", "30s");
        settings.put("autovacuum_vacuum_scale_factor", "0.05");
        settings.put("autovacuum_analyze_scale_factor", "0.02");
        settings.put("autovacuum_vacuum_cost_limit", "1000");
        return Collections.unmodifiableMap(settings);
    }
}
