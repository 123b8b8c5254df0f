package dev.pgstate.agent.cli;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.facade.Engine;
import dev.pgstate.reconcilers.facade.ExplainQuery;
import dev.pgstate.reconcilers.facade.Explained;
import dev.pgstate.reconcilers.facade.OfflineServer;
import dev.pgstate.reconcilers.facade.Server;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code agent explain}: which pg_hba.conf line a connection would meet, and why every earlier rule does not
 * match, from the live server or offline from a file. Exits 0 when a rule lets the connection go on to
 * authenticate, 1 when none matches or it is rejected, 3 when a host-name rule could not be decided, 65 when the
 * server would refuse the file.
 */
@Command(name = "explain", description = "Show which pg_hba.conf rule a connection meets and why earlier rules do not match.")
final class ExplainCommand extends Verb {

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user the client connects as.")
    String user;

    @Option(names = "--database", paramLabel = "DB", description = "The database the client asks for (not for --replication physical).")
    String database;

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    /** Over the socket, or over TCP from an address. */
    static final class From {
        @Option(names = "--local", description = "Over the Unix socket.")
        boolean local;

        @Option(names = "--address", paramLabel = "ADDRESS", description = "Over TCP from this numeric IP address.")
        String address;
    }

    @Option(names = "--ssl", description = "The TCP connection uses SSL.")
    boolean ssl;

    @Option(names = "--gssenc", description = "The TCP connection uses GSS encryption (PostgreSQL 12+).")
    boolean gssenc;

    @Option(names = "--replication", paramLabel = "physical|database",
            description = "A replication connection: physical (a walsender, matches only the replication keyword) or database (logical, matched like an ordinary connection).")
    String replication;

    @Option(names = "--no-resolve", description = "Do not look host names up: a host-name rule the connection reaches is undecided (exit 3).")
    boolean noResolve;

    @Option(names = "--spec", paramLabel = "FILE", description = "Evaluate the file this spec would write instead of the live one.")
    Path specFile;

    @ArgGroup(exclusive = false)
    Offline offline;

    /** Without a server: the file and the facts the server would otherwise give. */
    static final class Offline {
        @Option(names = "--hba-file", required = true, paramLabel = "FILE", description = "Offline: evaluate this pg_hba.conf without a server.")
        Path hbaFile;

        @Option(names = "--pg-version", required = true, paramLabel = "MAJOR", description = "Offline: the PostgreSQL major version whose rules apply (11-18).")
        int pgVersion;

        @Option(names = "--ssl-enabled", description = "Offline: the server runs with ssl = on (otherwise hostssl lines never match).")
        boolean sslEnabled;

        @Option(names = "--member-of", paramLabel = "ROLE=R1,R2", description = "Offline: ROLE is a member of R1 and R2 (repeatable); these roles and --user exist.")
        List<String> memberOf = List.of();
    }

    // Not the ConnectionOptions mixin: --user here is the client being explained, not the agent's login.
    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Server host or socket directory to read from (PGHOST).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (PGPORT, default 5432).")
    Integer port;

    @Option(names = {"-U", "--connect-as"}, paramLabel = "USER", description = "User the agent connects as to read the server (PGUSER).")
    String connectAs;

    @Option(names = {"-d", "--dbname"}, paramLabel = "DBNAME", description = "Database the agent connects to (PGDATABASE).")
    String dbname;

    @Override
    public Integer call() throws Exception {
        ExplainQuery query = query();
        Engine engine = agent.engine();
        Explained explained;
        try {
            explained = offline != null ? explainOffline(engine, query) : explainLive(engine, query);
        } catch (ExplainQuery.Unanswerable e) {
            throw new ParameterException(command.commandLine(), "--gssenc: " + e.getMessage());
        }
        stdout().print(explained.text());
        ExitCode exit = switch (explained.outcome()) {
            case ALLOWED -> ExitCode.OK;
            case REFUSED -> ExitCode.RUNTIME_ERROR;
            case UNDECIDED -> ExitCode.UNDECIDED;
            case FILE_REFUSED -> ExitCode.INVALID_SPEC;
        };
        return exit.code();
    }

    private Explained explainLive(Engine engine, ExplainQuery query) throws Exception {
        Spec spec = specFile == null ? null : Specs.load(specFile);
        HbaSpec hba = spec == null ? null : spec.hba();
        if (spec != null && hba == null) {
            throw new AgentException(ExitCode.USAGE, specFile + " has no hba section to evaluate");
        }
        Server server = ConnectionOptions.server(agent, new ConnectionSettings(host, port, connectAs, dbname, null,
                null, null, null, null, null, null), spec == null ? ConnectionSpec.EMPTY : spec.connection());
        return hba == null ? engine.explain(server, query)
                : engine.explainAsWritten(server, hba, specFile.toString(), query);
    }

    private Explained explainOffline(Engine engine, ExplainQuery query) {
        if (specFile != null || host != null || port != null || connectAs != null || dbname != null) {
            throw new ParameterException(command.commandLine(),
                    "--hba-file evaluates a file without a server: no --spec or connection options with it");
        }
        OfflineServer server;
        try {
            server = OfflineServer.of(offline.pgVersion, offline.sslEnabled, groupsOf());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--pg-version: " + e.getMessage());
        }
        return engine.explain(offline.hbaFile, server, query);
    }

    /** The groups --member-of names for each role. */
    private Map<String, Set<String>> groupsOf() {
        Map<String, Set<String>> groupsOf = new HashMap<>();
        for (String entry : offline.memberOf) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(command.commandLine(), "--member-of wants ROLE=R1,R2, not " + entry);
            }
            Set<String> groups = groupsOf.computeIfAbsent(entry.substring(0, eq), m -> new HashSet<>());
            for (String group : entry.substring(eq + 1).split(",")) {
                if (!group.isEmpty()) {
                    groups.add(group);
                }
            }
        }
        return groupsOf;
    }

    private ExplainQuery query() {
        ExplainQuery.Replication kind = replication();
        if (database == null && kind != ExplainQuery.Replication.PHYSICAL) {
            throw new ParameterException(command.commandLine(), "--database is needed (only --replication physical goes without one)");
        }
        if (from.local && (ssl || gssenc)) {
            throw new ParameterException(command.commandLine(), "--ssl and --gssenc need --address: there is no encryption over the socket");
        }
        ExplainQuery query;
        try {
            query = new ExplainQuery(user, database == null ? "" : database, Optional.ofNullable(from.address), ssl,
                    gssenc, kind, !noResolve);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--address must be a numeric IP address, not " + from.address);
        }
        if (ssl && gssenc) {
            throw new ParameterException(command.commandLine(), "--ssl and --gssenc exclude each other");
        }
        return query;
    }

    private ExplainQuery.Replication replication() {
        if (replication == null) {
            return ExplainQuery.Replication.NONE;
        }
        return switch (replication) {
            case "physical" -> ExplainQuery.Replication.PHYSICAL;
            case "database" -> ExplainQuery.Replication.DATABASE;
            default -> throw new ParameterException(command.commandLine(),
                    "--replication is physical or database, not " + replication);
        };
    }
}
