package dev.pgstate.agent.cli;

import dev.pgstate.model.Specs;
import dev.pgstate.model.spec.ConnectionSpec;
import dev.pgstate.model.spec.HbaSpec;
import dev.pgstate.model.spec.Spec;
import dev.pgstate.reconcilers.conf.HbaClient;
import dev.pgstate.reconcilers.conf.HbaGrammar;
import dev.pgstate.reconcilers.conf.HbaTree;
import dev.pgstate.reconcilers.conf.NumericAddress;
import dev.pgstate.reconcilers.core.connect.ConnectionSettings;
import dev.pgstate.reconcilers.core.connect.Connector;
import dev.pgstate.reconcilers.kind.hba.Explainer;
import dev.pgstate.reconcilers.kind.hba.Explanation;
import dev.pgstate.reconcilers.kind.hba.HostNames;
import dev.pgstate.reconcilers.kind.hba.RoleGraph;
import dev.pgstate.reconcilers.kind.hba.Verdict;
import dev.pgstate.reconcilers.kind.hba.HbaReader;
import dev.pgstate.reconcilers.core.live.HostInterfaces;
import dev.pgstate.reconcilers.kind.hba.LiveHba;
import dev.pgstate.reconcilers.converge.LiveState;
import dev.pgstate.reconcilers.converge.LiveStateReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent explain}: which pg_hba.conf line a connection would meet, and why every earlier rule does not
 * match, from the live server or offline from a file. Exits 0 when a rule lets the connection go on to
 * authenticate, 1 when none matches or it is rejected, 3 when a host-name rule could not be decided, 65 when the
 * server would refuse the file.
 */
@Command(name = "explain", description = "Show which pg_hba.conf rule a connection meets and why earlier rules do not match.")
final class ExplainCommand implements Callable<Integer> {

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

    @Mixin
    CommonOptions common;

    @ParentCommand
    AgentCommand agent;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        HbaClient client = client();
        HostNames hostNames = noResolve ? HostNames.none() : HostNames.system();
        PrintWriter out = command.commandLine().getOut();
        if (offline != null) {
            return explainOffline(client, hostNames, out);
        }
        Spec spec = specFile == null ? null : Specs.load(specFile);
        HbaSpec hba = spec == null ? null : spec.hba();
        if (spec != null && hba == null) {
            throw new AgentException(ExitCode.USAGE, specFile + " has no hba section to evaluate");
        }
        Connector connector = agent.connector(settings(spec == null ? ConnectionSpec.EMPTY : spec.connection()));
        LiveState live;
        try (Connection session = connector.connect()) {
            live = new LiveStateReader().read(session).withHba(new HbaReader().read(session));
        }
        checkGssenc(live.hba().grammar());
        Explainer explainer = Explainer.of(live, hostNames);
        LiveHba file = live.hba();
        String text = hba == null ? file.text() : explainer.textFor(hba, file);
        HbaTree tree = explainer.load(file.file(), text);
        Explanation explanation = explainer.explain(tree, client);
        String source = hba == null ? file.file().toString() : file.file() + " as " + specFile + " would write it";
        if (hba == null) {
            notLoadedYet(tree, file.confLoadTime()).ifPresent(out::println);
        }
        return print(explanation, source, out).code();
    }

    private Integer explainOffline(HbaClient client, HostNames hostNames, PrintWriter out) {
        if (specFile != null || host != null || port != null || connectAs != null || dbname != null) {
            throw new ParameterException(command.commandLine(),
                    "--hba-file evaluates a file without a server: no --spec or connection options with it");
        }
        HbaGrammar grammar;
        try {
            grammar = new HbaGrammar(offline.pgVersion, Set.of(), offline.sslEnabled);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--pg-version: " + e.getMessage());
        }
        checkGssenc(grammar);
        Path file = offline.hbaFile.toAbsolutePath();
        String text = HbaReader.readText(file);
        Explainer explainer = new Explainer(grammar, roles(), HostInterfaces.ofThisBox(), hostNames);
        return print(explainer.explain(file, text, client), file.toString(), out).code();
    }

    /** The roles --member-of describes; the user explained and every role named there exist. */
    private RoleGraph roles() {
        Set<String> roles = new HashSet<>(Set.of(user));
        Map<String, Set<String>> groupsOf = new HashMap<>();
        for (String entry : offline.memberOf) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(command.commandLine(), "--member-of wants ROLE=R1,R2, not " + entry);
            }
            String member = entry.substring(0, eq);
            roles.add(member);
            for (String group : entry.substring(eq + 1).split(",")) {
                if (!group.isEmpty()) {
                    roles.add(group);
                    groupsOf.computeIfAbsent(member, m -> new HashSet<>()).add(group);
                }
            }
        }
        return new RoleGraph(roles, groupsOf);
    }

    private ConnectionSettings settings(ConnectionSpec fromSpec) {
        return ConnectionOptions.resolve(new ConnectionSettings(host, port, connectAs, dbname, null, null, null, null,
                null, null, null), agent.env(), fromSpec);
    }

    private HbaClient client() {
        HbaClient.Replication kind = replication();
        if (database == null && kind != HbaClient.Replication.PHYSICAL) {
            throw new ParameterException(command.commandLine(), "--database is needed (only --replication physical goes without one)");
        }
        String target = database == null ? "" : database;
        HbaClient client;
        if (from.local) {
            if (ssl || gssenc) {
                throw new ParameterException(command.commandLine(), "--ssl and --gssenc need --address: there is no encryption over the socket");
            }
            client = HbaClient.socket(user, target);
        } else {
            if (NumericAddress.parse(from.address).isEmpty()) {
                throw new ParameterException(command.commandLine(), "--address must be a numeric IP address, not " + from.address);
            }
            if (ssl && gssenc) {
                throw new ParameterException(command.commandLine(), "--ssl and --gssenc exclude each other");
            }
            client = HbaClient.tcp(from.address, ssl, user, target);
            client = gssenc ? client.withGssenc() : client;
        }
        return client.withReplication(kind);
    }

    private HbaClient.Replication replication() {
        if (replication == null) {
            return HbaClient.Replication.NONE;
        }
        return switch (replication) {
            case "physical" -> HbaClient.Replication.PHYSICAL;
            case "database" -> HbaClient.Replication.DATABASE;
            default -> throw new ParameterException(command.commandLine(),
                    "--replication is physical or database, not " + replication);
        };
    }

    private void checkGssenc(HbaGrammar grammar) {
        if (gssenc && grammar.major() < 12) {
            throw new ParameterException(command.commandLine(), "--gssenc: PostgreSQL " + grammar.major()
                    + " has no GSS encryption (12+)");
        }
    }

    /** A notice when pg_hba.conf or a file it includes was written after the server last loaded its configuration. */
    private static Optional<String> notLoadedYet(HbaTree tree, Instant loaded) {
        return tree.lines().stream().map(HbaTree.Located::file).distinct()
                .filter(file -> modified(file).isAfter(loaded)).findFirst()
                .map(file -> "notice: " + file + " was changed after the server last loaded its configuration ("
                        + loaded + "); the server still uses the rules it read then until it reloads");
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MIN;
        }
    }

    private static ExitCode print(Explanation explanation, String source, PrintWriter out) {
        if (explanation.refused()) {
            out.println("no verdict: the server would refuse " + source + " (on reload it keeps its previous rules;"
                    + " it does not start with this file):");
            explanation.fatal().forEach(line -> out.println("  " + line.where() + ": " + Explanation.message(line)));
            return ExitCode.INVALID_SPEC;
        }
        Verdict verdict = explanation.verdict().orElseThrow();
        out.println("A connection " + verdict.client().describe() + ", checked against " + source + ":");
        for (Verdict.Miss miss : verdict.misses()) {
            out.println("  " + where(miss.line()) + "  " + ruleText(miss.line()));
            out.println("      does not match: " + miss.why());
        }
        explanation.warnings().forEach(line -> out.println("warning: " + line.where() + ": " + Explanation.message(line)));
        if (verdict.undecided().isPresent()) {
            Verdict.Undecided at = verdict.undecided().get();
            out.println("  " + where(at.line()) + "  " + ruleText(at.line()));
            out.println("      cannot be decided: " + at.why());
            out.println("undecided because of line " + at.line().line().number() + " (" + at.line().where()
                    + "): it applies if the client's host name matches, otherwise a later line decides");
            return ExitCode.UNDECIDED;
        }
        verdict.match().ifPresentOrElse(line -> {
            out.println("  " + where(line) + "  " + ruleText(line));
            out.println("      matches");
        }, () -> out.println("  no rule matches"));
        String conclusion = verdict.match().isEmpty()
                ? "refused: no rule matches, so the server answers \"no pg_hba.conf entry\""
                : verdict.letsIn() ? "allowed to authenticate with method " + verdict.matchedRule().orElseThrow().effectiveMethod()
                : "refused: the first matching rule is reject";
        out.println(conclusion);
        return verdict.letsIn() ? ExitCode.OK : ExitCode.RUNTIME_ERROR;
    }

    private static String where(HbaTree.Located line) {
        return line.where() + ":";
    }

    private static String ruleText(HbaTree.Located line) {
        return line.line().raw().strip();
    }
}
